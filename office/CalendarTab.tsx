/** The calendar: service weekdays, holidays, make-up days and the timetables by season. */
import { useState } from 'react';
import type { Bilingual } from '../core/messages';
import type { Calendar, Roster, Settings } from '../core/roster';
import { SettingsSchema } from '../core/roster';
import { Bi } from '../common/Bi';
import { ErrorLine } from '../common/fields';
import type { OfficeApi } from './officeApi';
import { inWords } from './periodCheck';
import { HeadRow, nums, RemovableList, TableScroll, useSave, Weekdays } from './setupParts';
import { DatedSave } from './DatedSave';

/** Each threshold's label, Chinese then English. */
const SETTING_LABELS = {
  transitAlertMinutes: { zh: '交出后未到（分钟）', en: 'not arrived after hand-over (minutes)' },
  notHandedOffAlertMinutes: { zh: '开始后未交出（分钟）', en: 'not handed over after the start (minutes)' },
  graceMinutes: { zh: '放学后宽限（分钟）', en: 'grace after the end (minutes)' },
  childrenPerTeacher: { zh: '每位看护老师的学生数', en: 'children per care teacher' },
  callAnswerMinutes: { zh: '家长到校门呼叫后未送出（分钟）', en: 'call to the gate not answered (minutes)' },
  kioskOfflineMinutes: { zh: '平板离线提醒（分钟）', en: 'tablet offline alert (minutes)' },
  lessonMinutes: { zh: '每课时（分钟）', en: 'lesson length (minutes)' },
  feePerLessonHour: { zh: '每课时收费（元，免费填 0）', en: 'fee per lesson (yuan, 0 if free)' },
  maxChargedLessonHoursPerDay: { zh: '每天最多收费课时', en: 'most lessons charged a day' },
  semesterFeeCap: { zh: '学期收费上限（元，0 为不设）', en: 'semester fee cap (yuan, 0 for none)' },
  prepaidPerStudent: { zh: '预缴金额（元）', en: 'prepaid per child (yuan)' },
  teacherPayPerLessonHour: { zh: '看护老师每课时补贴（元）', en: 'care teacher pay per lesson (yuan)' },
  gateDutyLessonHours: { zh: '门岗/校车值班每天计课时', en: 'lessons credited for a day of gate or bus duty' },
} as const;
type SettingKey = keyof typeof SETTING_LABELS;
const SETTING_KEYS = Object.keys(SETTING_LABELS) as SettingKey[];

/**
 * Why these settings cannot be saved, or undefined when they can: the hub's schema checked in the page, said with the
 * field's label and its limits from that schema (看护老师每课时补贴（元）：请填 0 到 500 之间的数).
 */
export function settingsProblem(settings: Settings): Bilingual | undefined {
  const r = SettingsSchema.safeParse(settings);
  if (r.success) return undefined;
  const key = r.error.issues[0]!.path[0];
  if (!SETTING_KEYS.includes(key as SettingKey))
    return { zh: '设置不正确，未保存', en: 'Not saved: a setting is not valid' };
  const label = SETTING_LABELS[key as SettingKey];
  const field = SettingsSchema.shape[key as SettingKey].unwrap();
  const what = field.isInt ? { zh: '整数', en: 'a whole number' } : { zh: '数', en: 'a number' };
  return {
    zh: `${label.zh}：请填 ${field.minValue} 到 ${field.maxValue} 之间的${what.zh}`,
    en: `${label.en}: ${what.en} from ${field.minValue} to ${field.maxValue}`,
  };
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
      <Weekdays
        of="服务日"
        value={cal.serviceWeekdays}
        onChange={(serviceWeekdays) => setCal({ ...cal, serviceWeekdays })}
      />
      <h3>
        <Bi zh="作息时间（各年级）" en="Session times per grade" />
      </h3>
      {/* winter's and summer's side by side on the office PC, to compare at a glance */}
      <div className="timetables">
        {cal.timetables.map((tt, t) => (
          <div key={tt.id}>
            <b>{tt.name}</b>
            <TableScroll>
              <table>
                <thead>
                  <HeadRow
                    cols={[
                      ['年级', 'grades'],
                      ['开始', 'start'],
                      ['结束', 'end'],
                    ]}
                  />
                </thead>
                <tbody>
                  {tt.sessions.map((s, k) => {
                    const row = `${tt.name} 第 ${k + 1} 行 row ${k + 1}`;
                    return (
                      <tr key={k}>
                        <td>
                          <input
                            aria-label={`${row} 年级 grades`}
                            value={s.grades.join(',')}
                            onChange={(e) => setTt(t, k, { grades: nums(e.target.value) })}
                          />
                        </td>
                        <td>
                          <input
                            aria-label={`${row} 开始 start`}
                            type="time"
                            value={s.start}
                            onChange={(e) => setTt(t, k, { start: e.target.value })}
                          />
                        </td>
                        <td>
                          <input
                            aria-label={`${row} 结束 end`}
                            type="time"
                            value={s.end}
                            onChange={(e) => setTt(t, k, { end: e.target.value })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </div>
        ))}
      </div>
      <h3>
        <Bi zh="夏令时/冬令时切换" en="Timetable switches" />
      </h3>
      <ul>
        {cal.switches.map((s, i) => (
          <li key={i} className="inline-fields">
            <input
              aria-label={`切换 ${i + 1} 起始日 switch ${i + 1} from`}
              type="date"
              value={s.from}
              onChange={(e) =>
                setCal({ ...cal, switches: cal.switches.map((x, k) => (k === i ? { ...x, from: e.target.value } : x)) })
              }
            />
            <select
              aria-label={`切换 ${i + 1} 作息表 switch ${i + 1} timetable`}
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
            <button
              className="small"
              aria-label={`删除切换 ${i + 1} remove switch ${i + 1}`}
              onClick={() => setCal({ ...cal, switches: cal.switches.filter((_, k) => k !== i) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <SwitchForm
        timetables={cal.timetables}
        taken={cal.switches.map((x) => x.from)}
        onAdd={(x) =>
          setCal({
            ...cal,
            switches: [...cal.switches, x].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
          })
        }
      />
      <h3>
        <Bi zh="假期" en="Holidays" />
      </h3>
      <RemovableList items={cal.holidays} name={(h) => h.name} onChange={(holidays) => setCal({ ...cal, holidays })}>
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
      <RemovableList
        items={cal.exceptions}
        name={(x) => x.day}
        onChange={(exceptions) => setCal({ ...cal, exceptions })}
      >
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
      {/* thirteen numbers in rows of three or four, not one a line down two screens, so the save is near them */}
      <div className="form form-row settings">
        {SETTING_KEYS.map((k) => {
          const field = SettingsSchema.shape[k].unwrap();
          return (
            <label key={k}>
              <Bi {...SETTING_LABELS[k]} />
              <input
                data-testid={`setting-${k}`}
                type="number"
                min={field.minValue ?? undefined}
                max={field.maxValue ?? undefined}
                step={field.isInt ? 1 : 'any'}
                value={Number.isNaN(settings[k]) ? '' : settings[k]}
                onChange={(e) => {
                  setSettings({ ...settings, [k]: e.target.value === '' ? NaN : Number(e.target.value) });
                }}
              />
            </label>
          );
        })}
        <label>
          <Bi zh="校门大屏显示姓名" en="Names on the gate board" />
          <select
            data-testid="setting-boardNames"
            value={settings.boardNames}
            onChange={(e) => setSettings({ ...settings, boardNames: e.target.value === 'full' ? 'full' : 'masked' })}
          >
            <option value="masked">隐去中间字（张*三） / middle masked</option>
            <option value="full">全名 / full name</option>
          </select>
        </label>
        <label>
          <Bi
            zh="服务开始日期（此前的日子不计入统计、收费和课时；不填则从第一条记录算起）"
            en="Service started on (reports count no day before it; empty: from the first record)"
          />
          <input
            data-testid="setting-serviceStartDate"
            type="date"
            value={settings.serviceStartDate}
            onChange={(e) => setSettings({ ...settings, serviceStartDate: e.target.value })}
          />
        </label>
      </div>
      <p className="hint">
        <Bi
          zh="每课时、收费、每天最多收费课时、补贴和门岗课时自生效日期起计算，之前的日子按原标准；提醒阈值等其他设置保存后立即生效。"
          en="Lesson length, fees, the daily cap, teacher pay and gate-duty hours apply from the start date, earlier days keep the old rates; the other settings apply at once."
        />
      </p>
      <DatedSave
        api={api}
        roster={roster}
        section="settings"
        value={settings}
        onSaved={onSaved}
        label={{ zh: '保存阈值与收费', en: 'Save thresholds and fees' }}
        testId="save-settings"
        check={() => settingsProblem(settings)}
        errorTestId="settings-error"
        msgTestId="settings-msg"
      />
      {msg && (
        <p className="said" role="status" data-testid="save-msg">
          {msg}
        </p>
      )}
    </section>
  );
}

/** A new timetable switch (夏令时/冬令时): from which day which timetable applies; a day already used is refused. */
function SwitchForm({
  timetables,
  taken,
  onAdd,
}: {
  timetables: Calendar['timetables'];
  taken: string[];
  onAdd: (x: Calendar['switches'][number]) => void;
}) {
  const [x, setX] = useState({ from: '', timetableId: timetables[0]!.id });
  const twice = taken.includes(x.from);
  return (
    <>
      <p className="inline-fields">
        <input
          data-testid="switch-from"
          aria-label="新切换 起始日 new switch from"
          type="date"
          value={x.from}
          onChange={(e) => setX({ ...x, from: e.target.value })}
        />
        <select
          data-testid="switch-timetable"
          aria-label="新切换 作息表 new switch timetable"
          value={x.timetableId}
          onChange={(e) => setX({ ...x, timetableId: e.target.value })}
        >
          {timetables.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <button data-testid="switch-add" disabled={!x.from || twice} onClick={() => onAdd(x)}>
          <Bi zh="添加切换日" en="Add switch" />
        </button>
      </p>
      {twice && <ErrorLine error={inWords({ zh: `${x.from} 已有切换`, en: 'that day already has a switch' })} />}
    </>
  );
}

function HolidayForm({ onAdd }: { onAdd: (h: Calendar['holidays'][number]) => void }) {
  const [h, setH] = useState({ from: '', to: '', name: '' });
  return (
    <p className="inline-fields">
      <input
        aria-label="新假期 开始 new holiday from"
        type="date"
        value={h.from}
        onChange={(e) => setH({ ...h, from: e.target.value })}
      />
      <input
        aria-label="新假期 结束 new holiday to"
        type="date"
        value={h.to}
        onChange={(e) => setH({ ...h, to: e.target.value })}
      />
      <input
        aria-label="新假期 名称 new holiday name"
        placeholder="名称"
        value={h.name}
        onChange={(e) => setH({ ...h, name: e.target.value })}
      />
      <button disabled={!h.from || !h.to || !h.name} onClick={() => onAdd(h)}>
        <Bi zh="添加假期" en="Add holiday" />
      </button>
    </p>
  );
}

function ExceptionForm({ onAdd }: { onAdd: (x: Calendar['exceptions'][number]) => void }) {
  const [x, setX] = useState({ day: '', service: false, note: '' });
  return (
    <p className="inline-fields">
      <input
        aria-label="新例外日 日期 new exception day"
        type="date"
        value={x.day}
        onChange={(e) => setX({ ...x, day: e.target.value })}
      />
      <select
        aria-label="新例外日 是否开班 new exception service"
        value={x.service ? '1' : '0'}
        onChange={(e) => setX({ ...x, service: e.target.value === '1' })}
      >
        <option value="0">不开班 no service</option>
        <option value="1">开班 service</option>
      </select>
      <input
        aria-label="新例外日 说明 new exception note"
        placeholder="说明"
        value={x.note}
        onChange={(e) => setX({ ...x, note: e.target.value })}
      />
      <button disabled={!x.day} onClick={() => onAdd(x)}>
        <Bi zh="添加例外日" en="Add exception" />
      </button>
    </p>
  );
}
