/** 请假: leave for a child over a range of days, and the day's pickup arrangement (接送安排). */
import { useState } from 'react';
import type { Roster } from '../core/roster';
import { DEFAULT_CHECK } from '../core/checkEvent';
import { LEAVE_PERIOD, leaveWindowRefusal } from '../core/periodWords';
import { addDays } from '../core/time';
import { searchStudents } from '../common/search';
import { Bi } from '../common/Bi';
import { NameSelect } from '../common/fields';
import { BesideError } from './BesideError';
import { DelegateForm } from './DelegateForm';
import { useHubDay } from './hubDay';
import type { OfficeApi } from './officeApi';
import { inWords, periodProblem } from './periodCheck';

type Refusable = { status: string; problem?: { zh: string; en: string } };

export function LeaveTab({ api, roster }: { api: OfficeApi; roster: Roster }) {
  // The hub's day in the school's time zone, not the office PC's clock (often wrong) nor its UTC date.
  const hubDay = useHubDay(api, roster.settings.timeZone);
  const today = hubDay.today;
  const maxLeaveDays = hubDay.maxLeaveDays;
  const clerks = roster.staff.filter(
    (s) => s.active && (s.roles.includes('office') || s.roles.includes('class_teacher')),
  );
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  const [q, setQ] = useState('');
  const [studentId, setStudentId] = useState('');
  // Unset, a date is today's: it follows the hub's day once the hub has said it.
  const [fromSet, setFrom] = useState<string>();
  const [toSet, setTo] = useState<string>();
  const from = fromSet ?? today;
  const to = toSet ?? today;
  const [reason, setReason] = useState<'sick' | 'personal' | 'other'>('sick');
  const [note, setNote] = useState('');
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const student = roster.students.find((s) => s.id === studentId);
  // CU17's window, the same for leave and arrangements: the pickers offer no day the hub would refuse for it.
  const { first, last } = hubDay.dated;
  const lastTo = from && addDays(from, maxLeaveDays) < last ? addDays(from, maxLeaveDays) : last;
  return (
    <section className="form">
      <label>
        <Bi zh="登记人" en="Entered by" />
        <NameSelect value={staffId} onChange={setStaffId} options={clerks} />
      </label>
      <label>
        <Bi zh="学生" en="Student" />
        <input
          data-testid="leave-search"
          value={student ? student.name : q}
          onChange={(e) => {
            setStudentId('');
            setQ(e.target.value);
          }}
        />
      </label>
      {!student && (
        <ul>
          {searchStudents(roster.students, q, 8).map((s) => (
            <li key={s.id}>
              <button data-testid={`leave-pick-${s.id}`} onClick={() => setStudentId(s.id)}>
                {s.name} {s.studentNo}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label>
        <Bi zh="从" en="From" />
        <input
          type="date"
          data-testid="leave-from"
          value={from}
          min={first}
          max={last}
          onChange={(e) => {
            setFrom(e.target.value);
            setError('');
          }}
        />
      </label>
      <label>
        <Bi zh="到" en="To" />
        <input
          type="date"
          data-testid="leave-to"
          value={to}
          min={from || first}
          max={lastTo}
          onChange={(e) => {
            setTo(e.target.value);
            setError('');
          }}
        />
      </label>
      <p className="hint" data-testid="leave-range">
        <small>
          <Bi
            zh={`请假和接送安排可登记 ${first} 至 ${last} 之间的课后服务日（今天 ${today}），一次请假最多到开始日期后 ${maxLeaveDays} 天`}
            en={`Leave and arrangements: service days from ${first} to ${last} (today ${today}); one leave ends at most ${maxLeaveDays} days after its start`}
          />
        </small>
      </p>
      <label>
        <Bi zh="原因" en="Reason" />
        <select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
          <option value="sick">病假 sick</option>
          <option value="personal">事假 personal</option>
          <option value="other">其他 other</option>
        </select>
      </label>
      <label>
        <Bi zh="说明" en="Note" />
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button
        data-testid="leave-submit"
        disabled={!student || !staffId}
        onClick={() => {
          setResult('');
          const bad =
            periodProblem(from, to, maxLeaveDays, LEAVE_PERIOD) ??
            leaveWindowRefusal(from, to, hubDay.dated, DEFAULT_CHECK);
          setError(bad ? inWords(bad) : '');
          if (bad) return;
          api
            .call<{ days: string[]; results: Refusable[] }>('/api/admin/leave', {
              json: { staffId, studentId, from, to, reason, note },
            })
            .then((r) => {
              const refused = r.results.find((x) => x.problem)?.problem;
              // One result per service day, in the order of `days`: name the days that were stored.
              const stored = r.days.filter((_, i) => r.results[i]?.status !== 'rejected');
              if (r.days.length === 0) setResult('这段时间没有课后服务日 No service days in range');
              else setResult(`已登记 ${stored.length} 天：${stored.join('、')}`);
              setError(refused ? `${refused.zh} ${refused.en}` : '');
            })
            .catch((err: Error) => setError(err.message));
        }}
      >
        <Bi zh="登记请假" en="Record leave" />
      </button>
      <BesideError error={error} testId="leave-error" />
      {result && <p data-testid="leave-result">{result}</p>}
      {student && <ArrangementForm api={api} staffId={staffId} studentId={student.id} day={from} />}
      {student && <DelegateForm key={student.id} api={api} staffId={staffId} student={student} day={from} />}
    </section>
  );
}

/** 接送安排 for one day: early pickup, late pickup, or another way home. */
function ArrangementForm({
  api,
  staffId,
  studentId,
  day,
}: {
  api: OfficeApi;
  staffId: string;
  studentId: string;
  day: string;
}) {
  const [kind, setKind] = useState<'early_pickup' | 'late_pickup' | 'pickup_change'>('early_pickup');
  const [at, setAt] = useState('16:30');
  const [who, setWho] = useState('');
  const [plan, setPlan] = useState('guardian');
  const [bus, setBus] = useState('');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const arrangement =
    kind === 'pickup_change'
      ? {
          kind,
          plan:
            plan === 'bus'
              ? { kind: 'bus', bus }
              : plan === 'walks_alone'
                ? { kind: 'walks_alone', permissionOnFile: true }
                : { kind: 'guardian' },
        }
      : { kind, at, collectedBy: who };
  return (
    <fieldset>
      <legend>
        <Bi zh={`接送安排（${day}）`} en="Pickup arrangement for the day" />
      </legend>
      <select
        aria-label="接送安排 arrangement"
        data-testid="arr-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as typeof kind)}
      >
        <option value="early_pickup">提前接 early pickup</option>
        <option value="late_pickup">晚接 late pickup</option>
        <option value="pickup_change">改变接送方式 another way home</option>
      </select>
      {kind !== 'pickup_change' ? (
        <>
          <input aria-label="时间 time" type="time" value={at} onChange={(e) => setAt(e.target.value)} />
          <input
            aria-label="接送人 who comes"
            data-testid="arr-who"
            placeholder="接送人 who comes"
            value={who}
            onChange={(e) => setWho(e.target.value)}
          />
        </>
      ) : (
        <>
          <select aria-label="回家方式 way home" value={plan} onChange={(e) => setPlan(e.target.value)}>
            <option value="guardian">家长接送 a guardian collects</option>
            <option value="bus">校车 school bus</option>
            <option value="walks_alone">自行回家（有书面同意） walks home (written consent)</option>
          </select>
          {plan === 'bus' && (
            <input
              aria-label="车号 bus number"
              placeholder="车号 bus"
              value={bus}
              onChange={(e) => setBus(e.target.value)}
            />
          )}
        </>
      )}
      <button
        data-testid="arr-submit"
        disabled={kind === 'early_pickup' && !who.trim()}
        onClick={() => {
          setMsg('');
          setError('');
          api
            .call<{ results: Refusable[] }>('/api/admin/arrangement', {
              json: { staffId, studentId, day, arrangement },
            })
            .then((r) => {
              const refused = r.results[0]?.problem;
              if (refused) setError(`${refused.zh} ${refused.en}`);
              else setMsg('已登记 Recorded');
            })
            .catch((err: Error) => setError(err.message));
        }}
      >
        <Bi zh="登记安排" en="Record" />
      </button>
      <BesideError error={error} testId="arr-error" />
      {msg && <p data-testid="arr-result">{msg}</p>}
    </fieldset>
  );
}
