/**
 * 临时代接 at the gate (DG1): the adult gives the one-day pickup code (says the 6 digits, or shows the slip's QR to
 * a keyboard scanner); the gate teacher types it on a number pad and the tablet finds, offline, the child whose
 * arrangement today has that code (core/delegation.ts). 放行 takes a second tap and can be undone; a wrong code,
 * another day's or one already used is said in red and writes nothing.
 */
import { useEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { delegateRefusal, matchDelegateCode } from '../../core/delegation';
import type { DelegateMatch } from '../../core/delegation';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';
import { BottomSheet } from './BottomSheet';
import { ConfirmButton } from './ConfirmButton';
import { STATUS_WORDS } from '../lib/words';
import { needsCall } from '../lib/stationRules';
import { releaseBlock } from '../../core/safetyRules';

const PAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;
const grid: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(3, 1fr)',
  gap: '0.5rem',
  margin: '0.5rem 0',
};
const key: CSSProperties = { minHeight: '3.5rem', minWidth: '3.5rem', fontSize: '1.6rem' };
const digits: CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  minHeight: '3.5rem',
  fontSize: '2rem',
  letterSpacing: '0.4em',
  textAlign: 'center',
  fontVariantNumeric: 'tabular-nums',
};

/** The gate's button that opens the code sheet; shown above the lists. */
export function DelegateCode({ model, view }: { model: KioskModel; view: KioskView }) {
  const [open, setOpen] = useState<{ initial: string } | null>(null);
  // The slip's QR read by the camera (or a scanner while no field has the focus) opens the sheet with it.
  const scanned = view.delegateScan;
  useEffect(() => {
    if (scanned) setOpen({ initial: scanned.text });
  }, [scanned?.at]);
  return (
    <>
      <button
        type="button"
        data-testid="delegate-open"
        style={{ width: '100%' }}
        onClick={() => setOpen({ initial: '' })}
      >
        <Bi zh="临时代接码" en="One-day pickup code" />
      </button>
      {open && (
        <DelegateSheet
          key={scanned?.at ?? 0}
          model={model}
          view={view}
          initial={open.initial}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function DelegateSheet({
  model,
  view,
  initial,
  onClose,
}: {
  model: KioskModel;
  view: KioskView;
  initial: string;
  onClose: () => void;
}) {
  const [text, setText] = useState(initial.replace(/[^0-9A-Za-z]/g, '').slice(0, 16));
  const field = useRef<HTMLInputElement | null>(null);
  // The field has the focus (after the sheet takes it): a keyboard scanner reading the slip's QR types into it.
  useEffect(() => {
    const t = setTimeout(() => field.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);
  // The code given, matched against the day as it is now: an arrangement the office saves a moment later (still
  // on its way to this tablet) is found when it arrives, and a code used meanwhile turns to 已用过.
  const [given, setGiven] = useState<string | null>(initial || null);
  const hashKey = view.roster?.cardHashes?.key;
  const state = view.dayState;
  const checked: DelegateMatch | null =
    given !== null && state && hashKey ? matchDelegateCode(state, hashKey, given) : null;
  const set = (t: string) => {
    const next = t.replace(/[^0-9A-Za-z]/g, '').slice(0, 16);
    setText(next);
    // Six typed digits are the whole code: it is looked up at once, nobody has to press 查找.
    setGiven(/^\d{6}$/.test(next) ? next : null);
  };
  const press = (k: (typeof PAD)[number]) =>
    k === 'clear' ? set('') : k === 'back' ? set(text.slice(0, -1)) : text.length < 6 ? set(text + k) : undefined;
  const found = checked?.ok ? checked : undefined;
  const student = found ? model.rosterIndex?.students.get(found.studentId) : undefined;
  const child = found ? state?.children[found.studentId] : undefined;
  const className = student ? view.roster?.classes.find((c) => c.id === student.classId)?.name : undefined;
  // SN1: a safety note that forbids this adult (不得交给) or asks for the pickup card stops the release here.
  const blocked =
    found && student
      ? releaseBlock(student, {
          kind: 'delegate',
          arrangementId: found.arrangement.eventId,
          collectedBy: found.arrangement.collectedBy,
        })
      : null;
  const release = () => {
    if (!found || !student || blocked) return;
    const who = found.arrangement.collectedBy;
    const relation = found.arrangement.relation ? `（${found.arrangement.relation}）` : '';
    void model
      .act([
        {
          type: 'released',
          studentId: student.id,
          source: { kind: 'manual', reason: '临时代接码' },
          how: { kind: 'delegate', arrangementId: found.arrangement.eventId, collectedBy: who },
        },
      ])
      .then(({ events }) => {
        model.notify({
          level: 'ok',
          title: { zh: `放行 ${student.name}`, en: `Released ${student.name}` },
          detail: { zh: `临时代接：${who}${relation}`, en: `One-day delegate: ${who}` },
          student,
        });
        model.offerUndo(
          { zh: `已放行 ${student.name}（临时代接：${who}）`, en: `Released ${student.name} to ${who}` },
          events.map((e) => e.id),
        );
        onClose();
      });
  };
  return (
    <BottomSheet
      testid="delegate-sheet"
      title={{ zh: '临时代接：输入接送码', en: 'One-day pickup code' }}
      onClose={onClose}
    >
      <input
        ref={field}
        data-testid="delegate-code"
        aria-label="接送码 pickup code"
        inputMode="none"
        autoComplete="off"
        style={digits}
        value={text}
        placeholder="······"
        onChange={(e) => set(e.target.value)}
        onKeyDown={(e) => {
          // A keyboard scanner reading the slip's QR ends with Enter, as does a teacher on a keyboard.
          if (e.key === 'Enter') {
            e.preventDefault();
            setGiven(text);
          }
        }}
      />
      {!found && (
        <div style={grid}>
          {PAD.map((k) => (
            <button
              key={k}
              type="button"
              style={key}
              data-testid={`delegate-key-${k}`}
              aria-label={k === 'clear' ? '清除 clear' : k === 'back' ? '退格 back' : k}
              onClick={() => press(k)}
            >
              {k === 'clear' ? <Bi zh="清除" en="clear" /> : k === 'back' ? '⌫' : k}
            </button>
          ))}
        </div>
      )}
      {checked && !checked.ok && (
        <p className="error" role="alert" data-testid="delegate-refused" style={{ fontSize: '1.25rem' }}>
          <Bi {...delegateRefusal(checked)} />
        </p>
      )}
      {found && student && (
        <section data-testid="delegate-found">
          <p style={{ fontSize: '1.5rem', margin: '0.5rem 0' }}>
            <Bi
              zh={`临时代接：${found.arrangement.collectedBy}${found.arrangement.relation ? `（${found.arrangement.relation}）` : ''} 接 ${student.name}`}
              en={`One-day delegate ${found.arrangement.collectedBy} collects ${student.name}`}
            />
          </p>
          <p>
            {className} · {child ? <Bi {...STATUS_WORDS[child.status]} /> : <Bi zh="今天不参加" en="not in today" />}
          </p>
          {blocked && (
            <p className="error" role="alert" data-testid="delegate-blocked">
              <Bi zh={blocked.zh} en={blocked.en} />
            </p>
          )}
          <ConfirmButton
            className="primary"
            disabled={!!blocked}
            testid="delegate-release"
            label={{ zh: '放行', en: 'Release' }}
            confirm={{ zh: '再点一次：放行', en: 'Tap again to release' }}
            onConfirm={release}
          />{' '}
          {state && needsCall({ state }, student) && (
            // Still in a room: the adult waits at the gate while the room is asked to send the child (CU22).
            <button
              type="button"
              data-testid="delegate-call"
              onClick={() =>
                void model.act([
                  { type: 'called_to_gate', studentId: student.id, source: { kind: 'manual', reason: '临时代接码' } },
                ])
              }
            >
              <Bi zh="呼叫到校门" en="Call to the gate" />
            </button>
          )}{' '}
          <button type="button" data-testid="delegate-again" onClick={() => set('')}>
            <Bi zh="换一个码" en="Another code" />
          </button>
        </section>
      )}
    </BottomSheet>
  );
}
