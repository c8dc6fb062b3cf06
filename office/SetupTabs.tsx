/** The office's set-up editors: groups and rooms, the calendar and timetables, the duty rota. */
import { useState } from 'react';
import type { Calendar, CareGroup, Club, Roster, Room, Rotas, Settings } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const WD = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const nums = (s: string) =>
  s
    .split(/[,，\s]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

function useSave(api: OfficeApi, onSaved: () => void) {
  const [msg, setMsg] = useState('');
  const save = (section: string, value: unknown) => {
    setMsg('');
    api
      .call(`/api/admin/roster/${section}`, { method: 'PUT', json: { value } })
      .then(() => {
        setMsg('已保存 Saved');
        onSaved();
      })
      .catch((err: Error) => setMsg(err.message));
  };
  return { msg, save };
}

function Weekdays({ value, onChange }: { value: number[]; onChange: (v: number[]) => void }) {
  return (
    <span className="weekdays">
      {WEEKDAYS.map((d) => (
        <label key={d}>
          <input
            type="checkbox"
            checked={value.includes(d)}
            onChange={(e) => onChange(e.target.checked ? [...value, d].sort() : value.filter((x) => x !== d))}
          />
          {WD[d]!.slice(1)}
        </label>
      ))}
    </span>
  );
}

export function GroupsTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [groups, setGroups] = useState<CareGroup[]>(roster.groups);
  const [rooms, setRooms] = useState<Room[]>(roster.rooms);
  const [clubs, setClubs] = useState<Club[]>(roster.clubs);
  const { msg, save } = useSave(api, onSaved);
  const setG = (i: number, patch: Partial<CareGroup>) =>
    setGroups(groups.map((g, k) => (k === i ? { ...g, ...patch } : g)));
  return (
    <section>
      <h3>
        <Bi zh="课后服务班" en="Care groups" />
      </h3>
      <table>
        <thead>
          <tr>
            <th>名称</th>
            <th>类型</th>
            <th>教室</th>
            <th>人数上限</th>
            <th>年级</th>
            <th>开班日</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={g.id}>
              <td>
                <input value={g.name} onChange={(e) => setG(i, { name: e.target.value })} />
              </td>
              <td>
                <select value={g.kind} onChange={(e) => setG(i, { kind: e.target.value as CareGroup['kind'] })}>
                  <option value="whole_class">整班 whole class</option>
                  <option value="mixed">混合 mixed</option>
                </select>
              </td>
              <td>
                <select value={g.roomId} onChange={(e) => setG(i, { roomId: e.target.value })}>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  max={45}
                  value={g.capacity}
                  onChange={(e) => setG(i, { capacity: Number(e.target.value) })}
                />
              </td>
              <td>
                <input value={g.grades.join(',')} onChange={(e) => setG(i, { grades: nums(e.target.value) })} />
              </td>
              <td>
                <Weekdays value={g.weekdays} onChange={(weekdays) => setG(i, { weekdays })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          setGroups([
            ...groups,
            {
              id: `g-${Date.now().toString(36)}`,
              name: '新课后服务班',
              kind: 'mixed',
              roomId: rooms[0]!.id,
              capacity: 45,
              grades: [1],
              weekdays: [1, 2, 3, 4, 5],
            },
          ])
        }
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button data-testid="save-groups" onClick={() => save('groups', groups)}>
        <Bi zh="保存课后服务班" en="Save groups" />
      </button>
      <h3>
        <Bi zh="教室" en="Rooms" />
      </h3>
      <table>
        <tbody>
          {rooms.map((r, i) => (
            <tr key={r.id}>
              <td>
                <input
                  value={r.name}
                  onChange={(e) => setRooms(rooms.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))}
                />
              </td>
              <td>
                <input
                  type="number"
                  value={r.capacity}
                  onChange={(e) =>
                    setRooms(rooms.map((x, k) => (k === i ? { ...x, capacity: Number(e.target.value) } : x)))
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() => setRooms([...rooms, { id: `room-${Date.now().toString(36)}`, name: '新教室', capacity: 45 }])}
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button onClick={() => save('rooms', rooms)}>
        <Bi zh="保存教室" en="Save rooms" />
      </button>
      <h3>
        <Bi zh="社团" en="Clubs" />
      </h3>
      <table>
        <tbody>
          {clubs.map((c, i) => (
            <tr key={c.id}>
              <td>
                <input
                  value={c.name}
                  onChange={(e) => setClubs(clubs.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))}
                />
              </td>
              <td>
                <select
                  value={c.roomId}
                  onChange={(e) => setClubs(clubs.map((x, k) => (k === i ? { ...x, roomId: e.target.value } : x)))}
                >
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <Weekdays
                  value={c.weekdays}
                  onChange={(weekdays) => setClubs(clubs.map((x, k) => (k === i ? { ...x, weekdays } : x)))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          setClubs([
            ...clubs,
            { id: `club-${Date.now().toString(36)}`, name: '新社团', roomId: rooms[0]!.id, weekdays: [3] },
          ])
        }
      >
        <Bi zh="新增" en="Add" />
      </button>
      <button onClick={() => save('clubs', clubs)}>
        <Bi zh="保存社团" en="Save clubs" />
      </button>
      {msg && <p data-testid="save-msg">{msg}</p>}
    </section>
  );
}

export function CalendarTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [cal, setCal] = useState<Calendar>(roster.calendar);
  const [settings, setSettings] = useState<Settings>(roster.settings);
  const { msg, save } = useSave(api, onSaved);
  const setTt = (t: number, s: number, patch: Partial<Calendar['timetables'][number]['sessions'][number]>) =>
    setCal({
      ...cal,
      timetables: cal.timetables.map((tt, i) =>
        i !== t ? tt : { ...tt, sessions: tt.sessions.map((x, k) => (k === s ? { ...x, ...patch } : x)) },
      ),
    });
  return (
    <section>
      <h3>
        <Bi zh="服务日" en="Service weekdays" />
      </h3>
      <Weekdays value={cal.serviceWeekdays} onChange={(serviceWeekdays) => setCal({ ...cal, serviceWeekdays })} />
      <h3>
        <Bi zh="作息时间（各年级）" en="Session times per grade" />
      </h3>
      {cal.timetables.map((tt, t) => (
        <div key={tt.id}>
          <b>{tt.name}</b>
          <table>
            <tbody>
              {tt.sessions.map((s, k) => (
                <tr key={k}>
                  <td>
                    <input value={s.grades.join(',')} onChange={(e) => setTt(t, k, { grades: nums(e.target.value) })} />{' '}
                    年级
                  </td>
                  <td>
                    <input type="time" value={s.start} onChange={(e) => setTt(t, k, { start: e.target.value })} />
                  </td>
                  <td>
                    <input type="time" value={s.end} onChange={(e) => setTt(t, k, { end: e.target.value })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h3>
        <Bi zh="夏令时/冬令时切换" en="Timetable switches" />
      </h3>
      <ul>
        {cal.switches.map((s, i) => (
          <li key={i}>
            <input
              type="date"
              value={s.from}
              onChange={(e) =>
                setCal({ ...cal, switches: cal.switches.map((x, k) => (k === i ? { ...x, from: e.target.value } : x)) })
              }
            />
            <select
              value={s.timetableId}
              onChange={(e) =>
                setCal({
                  ...cal,
                  switches: cal.switches.map((x, k) => (k === i ? { ...x, timetableId: e.target.value } : x)),
                })
              }
            >
              {cal.timetables.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <h3>
        <Bi zh="假期" en="Holidays" />
      </h3>
      <ul>
        {cal.holidays.map((h, i) => (
          <li key={i}>
            {h.name} {h.from} – {h.to}{' '}
            <button
              className="small"
              onClick={() => setCal({ ...cal, holidays: cal.holidays.filter((_, k) => k !== i) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <HolidayForm onAdd={(h) => setCal({ ...cal, holidays: [...cal.holidays, h] })} />
      <h3>
        <Bi zh="例外日（如：周四教师培训不开班）" en="Exceptions" />
      </h3>
      <ul>
        {cal.exceptions.map((x, i) => (
          <li key={i}>
            {x.day} {x.service ? '开班' : '不开班'} {x.note}{' '}
            <button
              className="small"
              onClick={() => setCal({ ...cal, exceptions: cal.exceptions.filter((_, k) => k !== i) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <ExceptionForm onAdd={(x) => setCal({ ...cal, exceptions: [...cal.exceptions, x] })} />
      <button data-testid="save-calendar" onClick={() => save('calendar', cal)}>
        <Bi zh="保存日历" en="Save calendar" />
      </button>
      <h3>
        <Bi zh="提醒阈值与收费" en="Alert thresholds and fees" />
      </h3>
      {(
        [
          'transitAlertMinutes',
          'notHandedOffAlertMinutes',
          'graceMinutes',
          'childrenPerTeacher',
          'kioskOfflineMinutes',
          'lessonMinutes',
          'feePerLessonHour',
          'maxChargedLessonHoursPerDay',
          'semesterFeeCap',
          'prepaidPerStudent',
        ] as const
      ).map((k) => (
        <label key={k}>
          {
            {
              transitAlertMinutes: '交出后未到（分钟）',
              notHandedOffAlertMinutes: '开始后未交出（分钟）',
              graceMinutes: '放学后宽限（分钟）',
              childrenPerTeacher: '每位看护老师的学生数',
              kioskOfflineMinutes: '平板离线提醒（分钟）',
              lessonMinutes: '每课时（分钟）',
              feePerLessonHour: '每课时收费（元，免费填 0）',
              maxChargedLessonHoursPerDay: '每天最多收费课时',
              semesterFeeCap: '学期收费上限（元，0 为不设）',
              prepaidPerStudent: '预缴金额（元）',
            }[k]
          }
          <input
            type="number"
            value={settings[k]}
            onChange={(e) => setSettings({ ...settings, [k]: Number(e.target.value) })}
          />
        </label>
      ))}
      <button onClick={() => save('settings', settings)}>
        <Bi zh="保存阈值" en="Save thresholds" />
      </button>
      {msg && <p data-testid="save-msg">{msg}</p>}
    </section>
  );
}

function HolidayForm({ onAdd }: { onAdd: (h: Calendar['holidays'][number]) => void }) {
  const [h, setH] = useState({ from: '', to: '', name: '' });
  return (
    <p>
      <input type="date" value={h.from} onChange={(e) => setH({ ...h, from: e.target.value })} />
      <input type="date" value={h.to} onChange={(e) => setH({ ...h, to: e.target.value })} />
      <input placeholder="名称" value={h.name} onChange={(e) => setH({ ...h, name: e.target.value })} />
      <button disabled={!h.from || !h.to || !h.name} onClick={() => onAdd(h)}>
        +
      </button>
    </p>
  );
}

function ExceptionForm({ onAdd }: { onAdd: (x: Calendar['exceptions'][number]) => void }) {
  const [x, setX] = useState({ day: '', service: false, note: '' });
  return (
    <p>
      <input type="date" value={x.day} onChange={(e) => setX({ ...x, day: e.target.value })} />
      <select value={x.service ? '1' : '0'} onChange={(e) => setX({ ...x, service: e.target.value === '1' })}>
        <option value="0">不开班 no service</option>
        <option value="1">开班 service</option>
      </select>
      <input placeholder="说明" value={x.note} onChange={(e) => setX({ ...x, note: e.target.value })} />
      <button disabled={!x.day} onClick={() => onAdd(x)}>
        +
      </button>
    </p>
  );
}

export function RotaTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [rotas, setRotas] = useState<Rotas>(roster.rotas);
  const { msg, save } = useSave(api, onSaved);
  const days = roster.calendar.serviceWeekdays.length ? [...roster.calendar.serviceWeekdays].sort() : [1, 2, 3, 4, 5];
  const staffOf = (role: string) => roster.staff.filter((s) => s.active && s.roles.includes(role as never));
  const careCell = (groupId: string, weekday: number) =>
    rotas.care.find((c) => c.groupId === groupId && c.weekday === weekday)?.staffId ?? '';
  const setCare = (groupId: string, weekday: number, staffId: string) =>
    setRotas({
      ...rotas,
      care: [
        ...rotas.care.filter((c) => !(c.groupId === groupId && c.weekday === weekday)),
        ...(staffId ? [{ groupId, weekday, staffId }] : []),
      ],
    });
  const setDaily = (duty: 'gate' | 'leader', weekday: number, staffId: string) =>
    setRotas({
      ...rotas,
      [duty]: [...rotas[duty].filter((c) => c.weekday !== weekday), ...(staffId ? [{ weekday, staffId }] : [])],
    });
  const [swap, setSwap] = useState({
    day: '',
    duty: 'care' as 'care' | 'gate' | 'leader',
    groupId: '',
    replaces: '',
    staffId: '',
    note: '',
  });
  const select = (
    value: string,
    options: { id: string; name: string }[],
    onChange: (v: string) => void,
    testid?: string,
  ) => (
    <select data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {options.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
  return (
    <section>
      <table>
        <thead>
          <tr>
            <th />{' '}
            {days.map((d) => (
              <th key={d}>{WD[d]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {roster.groups.map((g) => (
            <tr key={g.id}>
              <th>{g.name}</th>
              {days.map((d) => (
                <td key={d}>
                  {select(careCell(g.id, d), staffOf('care_teacher'), (v) => setCare(g.id, d, v), `rota-${g.id}-${d}`)}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th>校门值班 gate</th>
            {days.map((d) => (
              <td key={d}>
                {select(rotas.gate.find((x) => x.weekday === d)?.staffId ?? '', staffOf('gate_duty'), (v) =>
                  setDaily('gate', d, v),
                )}
              </td>
            ))}
          </tr>
          <tr>
            <th>值班领导 leader</th>
            {days.map((d) => (
              <td key={d}>
                {select(rotas.leader.find((x) => x.weekday === d)?.staffId ?? '', staffOf('duty_leader'), (v) =>
                  setDaily('leader', d, v),
                )}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <h3>
        <Bi zh="调代（某一天由他人代班）" en="One-day swap" />
      </h3>
      <ul>
        {rotas.swaps.map((s, i) => (
          <li key={i}>
            {s.day} {s.duty} {s.groupId ?? ''}: {roster.staff.find((x) => x.id === s.replaces)?.name} →{' '}
            {roster.staff.find((x) => x.id === s.staffId)?.name} {s.note}
            <button
              className="small"
              onClick={() => setRotas({ ...rotas, swaps: rotas.swaps.filter((_, k) => k !== i) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <p>
        <input type="date" value={swap.day} onChange={(e) => setSwap({ ...swap, day: e.target.value })} />
        <select value={swap.duty} onChange={(e) => setSwap({ ...swap, duty: e.target.value as typeof swap.duty })}>
          <option value="care">看护</option>
          <option value="gate">校门</option>
          <option value="leader">值班领导</option>
        </select>
        {swap.duty === 'care' && select(swap.groupId, roster.groups, (v) => setSwap({ ...swap, groupId: v }))}
        {select(swap.replaces, roster.staff, (v) => setSwap({ ...swap, replaces: v }))} →{' '}
        {select(swap.staffId, roster.staff, (v) => setSwap({ ...swap, staffId: v }))}
        <input placeholder="原因" value={swap.note} onChange={(e) => setSwap({ ...swap, note: e.target.value })} />
        <button
          disabled={!swap.day || !swap.replaces || !swap.staffId || (swap.duty === 'care' && !swap.groupId)}
          onClick={() =>
            setRotas({
              ...rotas,
              swaps: [
                ...rotas.swaps,
                {
                  day: swap.day,
                  duty: swap.duty,
                  ...(swap.duty === 'care' ? { groupId: swap.groupId } : {}),
                  replaces: swap.replaces,
                  staffId: swap.staffId,
                  note: swap.note,
                },
              ],
            })
          }
        >
          +
        </button>
      </p>
      <button data-testid="save-rota" onClick={() => save('rotas', rotas)}>
        <Bi zh="保存值班表" en="Save the rota" />
      </button>
      {msg && <p data-testid="save-msg">{msg}</p>}
    </section>
  );
}
