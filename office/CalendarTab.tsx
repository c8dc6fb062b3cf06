/** The calendar: service weekdays, holidays, make-up days and the timetables by season. */
import { useState } from 'react';
import type { Calendar, Roster, Settings } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';
import { nums, RemovableList, useSave, Weekdays } from './setupParts';

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
      <RemovableList items={cal.holidays} onChange={(holidays) => setCal({ ...cal, holidays })}>
        {(h) => (
          <>
            {h.name} {h.from} – {h.to}{' '}
          </>
        )}
      </RemovableList>
      <HolidayForm onAdd={(h) => setCal({ ...cal, holidays: [...cal.holidays, h] })} />
      <h3>
        <Bi zh="例外日（如：周四教师培训不开班）" en="Exceptions" />
      </h3>
      <RemovableList items={cal.exceptions} onChange={(exceptions) => setCal({ ...cal, exceptions })}>
        {(x) => (
          <>
            {x.day} {x.service ? '开班' : '不开班'} {x.note}{' '}
          </>
        )}
      </RemovableList>
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
