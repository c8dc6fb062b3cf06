/**
 * The emergency roll call while it runs: who is still unaccounted for and where they were last; who is found safe
 * and may be handed to a guardian at the assembly point (RC4); who has been (已交家长, with whom, by whom, when);
 * and the paper roll (RC5) for when tablets fail.
 */
import { memo, useEffect, useState } from 'react';
import type { DayState, RollCall } from '../core/state';
import type { Roster } from '../core/roster';
import { requestFile, urlOf } from '../common/hubClient';
import { Bi } from '../common/Bi';
import { LevelIcon } from '../common/LevelIcon';
import type { LeaderModel } from './leaderModel';
import { placeName, staffName, STATUS, time } from './labels';
import { ReunifySheet } from './ReunifySheet';
import { countRender } from '../common/memo';
import { MoreButton, useShown } from '../common/LongList';

/** The phone remembers whether starting a roll call also opens the paper roll (the hub always keeps a copy). */
export const AUTO_PDF_KEY = 'relay.leader.rollCallPdf';
export const autoRollCallPdf = () => {
  try {
    return localStorage.getItem(AUTO_PDF_KEY) === '1';
  } catch {
    return false;
  }
};

/**
 * Opens the paper roll (GET /api/leader/roll-call.pdf, with the session's token) in the tab `win` opened at the tap
 * (a tab opened later, after the fetch, is a pop-up the browser blocks); without one it is downloaded.
 */
export async function openRollCallPdf(model: LeaderModel, win: Window | null): Promise<void> {
  try {
    const blob = await requestFile(urlOf('rollCallPdf', {}), { token: model.snapshot().session?.token });
    const url = URL.createObjectURL(blob);
    if (win && !win.closed) win.location.href = url;
    else {
      const a = document.createElement('a');
      a.href = url;
      a.download = '紧急点名表.pdf';
      a.click();
    }
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  } catch (err) {
    win?.close();
    throw err;
  }
}

/** 打印点名表: one tap, the PDF in a new tab; a failure is said on the page. */
export function PrintRollButton({ model }: { model: LeaderModel }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        className="print-roll"
        data-testid="roll-call-pdf"
        disabled={busy}
        onClick={() => {
          const win = window.open('', '_blank');
          setBusy(true);
          setError(undefined);
          openRollCallPdf(model, win)
            .catch((err: Error) => setError(`点名表没有生成：${err.message}，请重试`))
            .finally(() => setBusy(false));
        }}
      >
        <Bi zh={busy ? '正在生成点名表…' : '打印点名表 (PDF)'} en="Print the roll (PDF)" />
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** The remembered choice: starting a roll call also opens the paper roll. */
export function AutoPdfToggle() {
  const [on, setOn] = useState(autoRollCallPdf);
  return (
    <label className="auto-pdf">
      <input
        type="checkbox"
        data-testid="roll-call-auto-pdf"
        checked={on}
        onChange={(e) => {
          setOn(e.target.checked);
          try {
            localStorage.setItem(AUTO_PDF_KEY, e.target.checked ? '1' : '0');
          } catch {
            /* private mode: the choice lasts this page only */
          }
        }}
      />
      <Bi zh="开始紧急点名时自动生成点名表" en="Open the paper roll when a roll call starts" />
    </label>
  );
}

/**
 * RC4: the safe children still here, each a tap from the hand-over sheet, and those already handed over with whom,
 * by whom and when, each with 撤销 (a second tap, then a correction). Shown during a roll call and after it ends.
 */
export function Reunification({
  model,
  state,
  roll,
  name,
  roster,
  folded = false,
}: {
  model: LeaderModel;
  state: DayState;
  roll: RollCall;
  name: (id: string) => string;
  roster: Roster;
  folded?: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [undo, setUndo] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const waiting = roll.safe.filter((id) => state.children[id] && state.children[id].status !== 'released');
  const handed = roll.participants.filter((id) => state.children[id]?.release?.how.kind === 'reunified');
  const safe = useShown(waiting.length);
  if (waiting.length === 0 && handed.length === 0) return null;
  const content = (
    <>
      {waiting.length > 0 && (
        <>
          <h3>
            <Bi zh={`已确认安全 ${waiting.length} 人 · 点击交给家长`} en="Found safe: tap to hand to a guardian" />
          </h3>
          <ul className="safe-list">
            {waiting.slice(0, safe.shown).map((id) => (
              <SafeChild key={id} id={id} who={name(id)} onOpen={setOpen} />
            ))}
          </ul>
          <MoreButton shown={safe.shown} total={waiting.length} onMore={safe.more} testid="reunify-more" />
        </>
      )}
      {handed.length > 0 && (
        <>
          <h3>
            <Bi zh={`已交家长 ${handed.length} 人`} en="Reunified" />
          </h3>
          <ul className="handed" data-testid="reunified">
            {handed.map((id) => {
              const c = state.children[id]!;
              const how = c.release!.how;
              const link = [...c.chain].reverse().find((l) => l.type === 'released' && !l.ignored);
              return (
                <li key={id} data-testid="reunified-row">
                  <span>
                    <b>{name(id)}</b> 已交家长 · {how.kind === 'reunified' ? how.collectedBy : ''}
                    <br />
                    <small>{link ? `${staffName(roster, link.staffId)} · ${time(link.at)}` : ''}</small>
                  </span>
                  {link &&
                    (undo === id ? (
                      <span className="undo-confirm" role="group">
                        <button
                          className="danger"
                          data-testid="reunify-undo-confirm"
                          onClick={() => {
                            setUndo(null);
                            model
                              .record([{ type: 'corrected', targetId: link.eventId, reason: '集合点交家长记错，撤销' }])
                              .catch((err: Error) => setError(`没有撤销：${err.message}`));
                          }}
                        >
                          <Bi zh="确认撤销" en="Undo it" />
                        </button>
                        <button data-testid="reunify-undo-cancel" onClick={() => setUndo(null)}>
                          <Bi zh="不撤销" en="Keep" />
                        </button>
                      </span>
                    ) : (
                      <button data-testid="reunify-undo" onClick={() => setUndo(id)}>
                        <Bi zh="撤销" en="Undo" />
                      </button>
                    ))}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open && <ReunifySheet model={model} roster={roster} studentId={open} onClose={() => setOpen(null)} />}
    </>
  );
  // After the roll call has ended its safe children are back in care: the hand-over stays a tap away, folded.
  if (folded)
    return (
      <details className="reunification card" data-testid="reunification">
        <summary>
          <Bi zh={`集合点交家长（点名已结束）· 待交 ${waiting.length} 人`} en="Reunification (roll call ended)" />
        </summary>
        {content}
      </details>
    );
  return (
    <section className="reunification" data-testid="reunification">
      {content}
    </section>
  );
}

/** One child still unaccounted for: the reducer's rows are fresh each time, this one is compared by its words. */
const Unaccounted = memo(function Unaccounted({ who, where, seen }: { who: string; where: string; seen: string }) {
  countRender('unaccounted-row');
  return (
    <li>
      <b>{who}</b>{' '}
      <small>
        {where}
        {seen ? ` · ${seen}` : ''}
      </small>
    </li>
  );
});

/** One child found safe, a tap from the hand-over sheet. */
const SafeChild = memo(function SafeChild({
  id,
  who,
  onOpen,
}: {
  id: string;
  who: string;
  onOpen: (id: string) => void;
}) {
  countRender('safe-row');
  return (
    <li>
      <button data-testid="reunify-open" data-student={who} onClick={() => onOpen(id)}>
        <b>{who}</b>
        <small>
          <Bi zh="交给家长" en="Hand over" />
        </small>
      </button>
    </li>
  );
});

export function RollCallView({
  model,
  state,
  name,
  roster,
}: {
  model: LeaderModel;
  state: DayState;
  name: (id: string) => string;
  roster: Roster;
}) {
  const r = state.rollCall!;
  const [confirmEnd, setConfirmEnd] = useState(false);
  // At the start every child on campus is unaccounted (3,000 in a big school): a first page, the count above.
  const unaccounted = useShown(r.unaccounted.length);
  // It starts from a button at the foot of the page: the count of who is unaccounted for comes into view, on top.
  useEffect(() => {
    // (a block: Chromium's scrollTo returns a promise, which React would take for the effect's clean-up)
    window.scrollTo({ top: 0 });
  }, []);
  const where = (u: (typeof r.unaccounted)[number]) => {
    if (u.place) return placeName(roster, u.place);
    return STATUS[u.status][0];
  };
  return (
    <section className="rollcall" data-testid="roll-call">
      <h2 className="rollcall-head">
        <LevelIcon kind="error" />
        <span>
          <Bi zh="紧急点名中" en="Emergency roll call" /> <small>{time(r.startedAt)} 开始 started</small>
        </span>
      </h2>
      <p className="big" data-testid="unaccounted" data-n={r.unaccounted.length}>
        <b>{r.unaccounted.length}</b> <Bi zh={`未确认 / 共 ${r.participants.length}`} en="unaccounted" />
      </p>
      <ul className="unaccounted">
        {r.unaccounted.slice(0, unaccounted.shown).map((u) => (
          <Unaccounted
            key={u.studentId}
            who={name(u.studentId)}
            where={where(u)}
            seen={u.last ? time(u.last.at) : ''}
          />
        ))}
      </ul>
      <MoreButton
        shown={unaccounted.shown}
        total={r.unaccounted.length}
        onMore={unaccounted.more}
        testid="unaccounted-more"
      />
      <PrintRollButton model={model} />
      <Reunification model={model} state={state} roll={r} name={name} roster={roster} />
      {confirmEnd ? (
        <div className="confirm" role="group">
          <p>
            <Bi
              zh={`仍有 ${r.unaccounted.length} 名学生未确认，确定结束？`}
              en="Some children are unaccounted: end anyway?"
            />
          </p>
          <button
            className="danger"
            data-testid="roll-call-end-confirm"
            onClick={() => {
              setConfirmEnd(false);
              void model.record([{ type: 'roll_call_ended' }]);
            }}
          >
            <Bi zh="仍然结束" en="End anyway" />
          </button>
          <button data-testid="roll-call-end-cancel" onClick={() => setConfirmEnd(false)}>
            <Bi zh="继续点名" en="Keep going" />
          </button>
        </div>
      ) : (
        <button
          data-testid="roll-call-end"
          onClick={() => {
            if (r.unaccounted.length === 0) void model.record([{ type: 'roll_call_ended' }]);
            else setConfirmEnd(true);
          }}
        >
          <Bi zh="结束点名" en="End the roll call" />
        </button>
      )}
    </section>
  );
}
