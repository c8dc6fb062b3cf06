/**
 * RC4 交家长 at the assembly point (the Standard Reunification Method): a child found safe is handed to a guardian
 * the leader sees in front of them. The sheet lists the child's guardians by name and relation (asked of the hub
 * for this child only) or takes a name typed in; choosing is the first tap, 确认交给 … the second. The release is
 * recorded in the signed-in leader's name; a mistaken one is undone from the roll call's list (a correction, CU14).
 */
import { useEffect, useRef, useState } from 'react';
import { call, describeBilingual } from '../common/hubClient';
import { Bi } from '../common/Bi';
import type { Roster } from '../core/roster';
import type { LeaderModel } from './leaderModel';
import { className } from './labels';

type Guardian = { id: string; name: string; relation: string };

/** What a name typed at the assembly point may be: the event's own limit (core/events.ts, Text(64)). */
export function typedNameProblem(name: string): string | undefined {
  const t = name.trim();
  if (t === '') return '请选择一位家长，或填写接走人姓名';
  if (t.length > 64) return '姓名太长（最多 64 个字）';
  return undefined;
}

export function ReunifySheet({
  model,
  roster,
  studentId,
  onClose,
}: {
  model: LeaderModel;
  roster: Roster;
  studentId: string;
  onClose: () => void;
}) {
  const [guardians, setGuardians] = useState<Guardian[] | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [chosen, setChosen] = useState<Guardian | 'typed' | undefined>();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const token = model.snapshot().session?.token;

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    let live = true;
    call('reunifyGuardians', { token, params: { id: studentId }, describe: describeBilingual })
      .then((r) => live && setGuardians(r.guardians))
      .catch((err: Error) => live && setLoadError(err.message));
    return () => {
      live = false;
    };
  }, [studentId, token]);

  const s = roster.students.find((x) => x.id === studentId);
  if (!s) return null;
  const who = chosen === 'typed' ? typed.trim() : chosen?.name;

  const confirm = async () => {
    const problem =
      chosen === undefined ? typedNameProblem('') : chosen === 'typed' ? typedNameProblem(typed) : undefined;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const how =
        chosen === 'typed'
          ? { kind: 'reunified' as const, collectedBy: typed.trim() }
          : {
              kind: 'reunified' as const,
              guardianId: chosen!.id,
              // the relation kept in the words, so every record and report reads 罗阳宇（母亲） without the roster
              collectedBy: chosen!.relation ? `${chosen!.name}（${chosen!.relation}）` : chosen!.name,
            };
      await model.record([{ type: 'released', studentId, source: { kind: 'manual', reason: '集合点交家长' }, how }]);
      onClose();
    } catch (err) {
      setError(`没有记下：${(err as Error).message}`);
      setBusy(false);
    }
  };

  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <section
        className="reunify sheet"
        data-testid="reunify"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reunify-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h3 id="reunify-title">
          <Bi zh="交给家长" en="Hand to a guardian" /> · <span className="name">{s.name}</span>{' '}
          <small>{className(roster, s.classId)}</small>
        </h3>
        <p>
          <Bi zh="核对接走人的身份后选择：" en="Check who it is, then choose:" />
        </p>
        {loadError && (
          <p className="error" role="alert">
            {loadError}
          </p>
        )}
        {guardians === undefined && !loadError && (
          <p>
            <Bi zh="正在读取接送人…" en="Loading guardians…" />
          </p>
        )}
        <ul className="choices" aria-label="接送人 Guardians">
          {guardians?.map((g) => (
            <li key={g.id}>
              <button
                className={chosen !== 'typed' && chosen?.id === g.id ? 'on' : ''}
                aria-pressed={chosen !== 'typed' && chosen?.id === g.id}
                data-testid="reunify-guardian"
                onClick={() => {
                  setChosen(g);
                  setError(undefined);
                }}
              >
                <b>{g.name}</b> <small>{g.relation}</small>
              </button>
            </li>
          ))}
          {guardians?.length === 0 && (
            <li>
              <Bi zh="花名册中没有这名学生的接送人" en="No guardian on the roster for this child" />
            </li>
          )}
        </ul>
        <label className="typed">
          <Bi zh="其他接走人（填写姓名）" en="Someone else (their name)" block />
          <input
            data-testid="reunify-name"
            value={typed}
            maxLength={80}
            onChange={(e) => {
              setTyped(e.target.value);
              setChosen(e.target.value.trim() ? 'typed' : undefined);
              setError(undefined);
            }}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="reunify-error">
            {error}
          </p>
        )}
        <button
          className="danger"
          data-testid="reunify-confirm"
          disabled={busy}
          onClick={() => {
            void confirm();
          }}
        >
          <Bi zh={who ? `确认交给 ${who}` : '确认交给家长'} en="Confirm the hand-over" />
        </button>
        <button ref={closeRef} data-testid="reunify-cancel" onClick={onClose}>
          <Bi zh="取消" en="Cancel" />
        </button>
      </section>
    </div>
  );
}
