/** The duty rota: who is on care and gate duty on each weekday. */
import { useState } from 'react';
import type { Roster, Rotas } from '../core/roster';
import { Bi } from '../common/Bi';
import { NameSelect } from '../common/fields';
import type { OfficeApi } from './officeApi';
import { RemovableList, WD, useSave } from './setupParts';

/** The duties held for the whole school each weekday: the rota's key, its row label, the role that may hold it. */
const DAILY_DUTIES = [
  ['gate', '校门值班 gate', 'gate_duty'],
  ['leader', '值班领导 leader', 'duty_leader'],
] as const;

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
  ) => <NameSelect testId={testid} value={value} onChange={onChange} options={options} blank="—" />;
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
          {DAILY_DUTIES.map(([duty, label, role]) => (
            <tr key={duty}>
              <th>{label}</th>
              {days.map((d) => (
                <td key={d}>
                  {select(rotas[duty].find((x) => x.weekday === d)?.staffId ?? '', staffOf(role), (v) =>
                    setDaily(duty, d, v),
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>
        <Bi zh="调代（某一天由他人代班）" en="One-day swap" />
      </h3>
      <RemovableList items={rotas.swaps} onChange={(swaps) => setRotas({ ...rotas, swaps })}>
        {(s) => (
          <>
            {s.day} {s.duty} {s.groupId ?? ''}: {roster.staff.find((x) => x.id === s.replaces)?.name} →{' '}
            {roster.staff.find((x) => x.id === s.staffId)?.name} {s.note}
          </>
        )}
      </RemovableList>
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
