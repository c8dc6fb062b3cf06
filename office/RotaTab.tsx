/** The duty rota: who is on care and gate duty on each weekday. */
import { useState } from 'react';
import type { Roster, Rotas } from '../core/roster';
import { Bi } from '../common/Bi';
import { NameSelect } from '../common/fields';
import type { OfficeApi } from './officeApi';
import { DatedSave } from './DatedSave';
import { Named, RemovableList, TableScroll, WD, WD_EN } from './setupParts';

/** The duties held for the whole school each weekday: the rota's key, its row label, the role that may hold it. */
const DAILY_DUTIES = [
  ['gate', '校门值班 gate', 'gate_duty'],
  ['leader', '值班领导 leader', 'duty_leader'],
] as const;

/** A swap's duty as the office reads it. */
const DUTY_NAMES = { care: '看护 care', gate: '校门 gate', leader: '值班领导 leader' } as const;
/** The duty in words, for the list of swaps. */
const DUTY_WORDS = { care: '看护', gate: '校门', leader: '值班领导' } as const;

/**
 * A swap as the office reads it: the day, the duty and group by name, who is replaced by whom, and why
 * (`2026-12-01 看护 三年级托管班：孙老师 → 周老师（病假）`). A group or person no longer on the roster shows as
 * 已删除 with the id, so the line still says what it was.
 */
export function swapWords(roster: Pick<Roster, 'groups' | 'staff'>, s: Rotas['swaps'][number]): string {
  const group = s.groupId && (roster.groups.find((g) => g.id === s.groupId)?.name ?? `已删除的班 ${s.groupId}`);
  const person = (id: string) => roster.staff.find((x) => x.id === id)?.name ?? `已删除 ${id}`;
  const what = [s.day, DUTY_WORDS[s.duty], ...(s.duty === 'care' && group ? [group] : [])].join(' ');
  return `${what}：${person(s.replaces)} → ${person(s.staffId)}${s.note ? `（${s.note}）` : ''}`;
}

export function RotaTab({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [rotas, setRotas] = useState<Rotas>(roster.rotas);
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
  /** `name` is what a screen reader says for the choice: the row and the column, Chinese then English. */
  const select = (
    name: string,
    value: string,
    options: { id: string; name: string }[],
    onChange: (v: string) => void,
    testid?: string,
  ) => (
    <Named name={name}>
      <NameSelect testId={testid} value={value} onChange={onChange} options={options} blank="—" />
    </Named>
  );
  const day = (d: number) => `${WD[d]} ${WD_EN[d]}`;
  return (
    <section className="rota">
      <TableScroll>
        <table>
          <thead>
            <tr>
              <th>
                <Bi zh="班 / 职责" en="group / duty" block />
              </th>
              {days.map((d) => (
                <th key={d}>
                  <Bi zh={WD[d]!} en={WD_EN[d]!} block />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {roster.groups.map((g) => (
              <tr key={g.id}>
                <th>{g.name}</th>
                {days.map((d) => (
                  <td key={d}>
                    {select(
                      `${g.name} ${day(d)} 看护 care`,
                      careCell(g.id, d),
                      staffOf('care_teacher'),
                      (v) => setCare(g.id, d, v),
                      `rota-${g.id}-${d}`,
                    )}
                  </td>
                ))}
              </tr>
            ))}
            {DAILY_DUTIES.map(([duty, label, role]) => (
              <tr key={duty}>
                <th>{label}</th>
                {days.map((d) => (
                  <td key={d}>
                    {select(
                      `${label} ${day(d)}`,
                      rotas[duty].find((x) => x.weekday === d)?.staffId ?? '',
                      staffOf(role),
                      (v) => setDaily(duty, d, v),
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h3>
        <Bi zh="调代（某一天由他人代班）" en="One-day swap" />
      </h3>
      <RemovableList
        items={rotas.swaps}
        name={(s) => swapWords(roster, s)}
        onChange={(swaps) => setRotas({ ...rotas, swaps })}
      >
        {(s) => <span data-testid="swap">{swapWords(roster, s)}</span>}
      </RemovableList>
      <p className="inline-fields">
        <input
          aria-label="调代日期 swap day"
          type="date"
          value={swap.day}
          onChange={(e) => setSwap({ ...swap, day: e.target.value })}
        />
        <select
          aria-label="调代职责 swap duty"
          value={swap.duty}
          onChange={(e) => setSwap({ ...swap, duty: e.target.value as typeof swap.duty })}
        >
          <option value="care">{DUTY_NAMES.care}</option>
          <option value="gate">{DUTY_NAMES.gate}</option>
          <option value="leader">{DUTY_NAMES.leader}</option>
        </select>
        {swap.duty === 'care' &&
          select('调代的课后服务班 swap group', swap.groupId, roster.groups, (v) => setSwap({ ...swap, groupId: v }))}
        {select('原值班人 on duty', swap.replaces, roster.staff, (v) => setSwap({ ...swap, replaces: v }))} →{' '}
        {select('代班人 stands in', swap.staffId, roster.staff, (v) => setSwap({ ...swap, staffId: v }))}
        <input
          aria-label="调代原因 swap reason"
          placeholder="原因"
          value={swap.note}
          onChange={(e) => setSwap({ ...swap, note: e.target.value })}
        />
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
          <Bi zh="添加调代" en="Add swap" />
        </button>
      </p>
      <DatedSave
        api={api}
        roster={roster}
        section="rotas"
        value={rotas}
        onSaved={onSaved}
        label={{ zh: '保存值班表', en: 'Save the rota' }}
        testId="save-rota"
      />
    </section>
  );
}
