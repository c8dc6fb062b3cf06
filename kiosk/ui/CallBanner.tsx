/**
 * The care room hears that a parent is at the gate (CU22): the children called from this room, at the top of the
 * screen, each with 送到校门 (the existing sent_to_gate event, undoable), and a chime that repeats while a call is
 * open. The calls come from the log, so they are still there, and ring again, after a reload.
 */
import { useEffect, useRef, useState } from 'react';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import type { Row } from './childList';
import { rows } from './childList';
import { Bi } from '../../common/Bi';
import { LevelIcon } from '../../common/LevelIcon';
import { chime } from '../../common/feedback';
import { whereNow } from '../lib/stationRules';

/** How often an open call rings again: often enough to be heard across a noisy room, not a siren. */
export const CALL_RING_REPEAT_MS = 45_000;

/**
 * The open calls this room must answer: children in its room, and its own children away (a club room, the nurse) or
 * on their way in, whom only this room's kiosk can send.
 */
export function roomCalls(view: KioskView, groupId: string): Row[] {
  return rows(view, (r) => {
    const c = r.child;
    if (!c.call || c.call.answeredAt !== undefined) return false;
    if (c.status !== 'in_care' && c.status !== 'handed_off') return false;
    return c.place?.kind === 'group' ? c.place.groupId === groupId : c.groupId === groupId;
  }).sort((a, b) => a.child.call!.at - b.child.call!.at);
}

/**
 * The hub's clock for "N 分钟", moving by itself: a call's time is on the hub's clock (the device's time corrected by
 * the offset it knew), so the tablet's own clock, a few minutes off, would miscount.
 */
export function useMinuteClock(clockOffsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return now + clockOffsetMs;
}

export const minutesSince = (at: number, now: number) => Math.max(0, Math.floor((now - at) / 60_000));

/**
 * Rings for each new call and again every CALL_RING_REPEAT_MS while any is open. A ring the tablet could not play
 * (after a reload, before the first touch turns sound on) is tried again every 2 s, so it is heard once it can be.
 */
function useCallRing(ids: string[]) {
  const heard = useRef({ ids: new Set<string>(), at: 0 });
  const key = ids.join(',');
  useEffect(() => {
    if (ids.length === 0) return;
    const tick = () => {
      const h = heard.current;
      const fresh = ids.some((id) => !h.ids.has(id));
      if ((fresh || Date.now() - h.at >= CALL_RING_REPEAT_MS) && chime())
        heard.current = { ids: new Set(ids), at: Date.now() };
    };
    tick();
    const t = setInterval(tick, 2_000);
    return () => clearInterval(t);
  }, [key]);
}

export function CallBanner({ model, view, groupId }: { model: KioskModel; view: KioskView; groupId: string }) {
  const calls = roomCalls(view, groupId);
  const now = useMinuteClock(view.sync.clockOffsetMs);
  useCallRing(calls.map((r) => r.child.call!.eventId));
  if (calls.length === 0 || !view.roster) return null;
  const index = {
    groups: new Map(view.roster.groups.map((g) => [g.id, g])),
    clubs: new Map(view.roster.clubs.map((c) => [c.id, c])),
  };
  const send = (list: Row[]) =>
    void model
      .act(
        list.map((r) => ({
          type: 'sent_to_gate',
          studentId: r.student.id,
          source: { kind: 'manual', reason: '家长到校门呼叫' },
        })),
      )
      .then(({ events }) =>
        model.offerUndo(
          { zh: `已送到校门：${list.map((r) => r.student.name).join('、')}`, en: `${list.length} sent to the gate` },
          events.map((e) => e.id),
        ),
      );
  return (
    <section className="call banner" role="alert" data-testid="call-banner" data-count={calls.length}>
      <h2>
        <LevelIcon kind="warn" />
        <Bi
          zh={`家长已到校门，请送到校门（${calls.length}）`}
          en={`Parents at the gate: send ${calls.length === 1 ? 'this child' : 'these children'}`}
        />
      </h2>
      <ul>
        {calls.map((r) => {
          const away = r.child.place?.kind !== 'group' || r.child.status === 'handed_off';
          const where = whereNow(index, r.child);
          return (
            <li key={r.student.id} data-testid={`call-${r.student.id}`}>
              <span className="who">
                <span className="child-name">{r.student.name}</span>
                <small>
                  {r.className} ·{' '}
                  <Bi
                    zh={`${minutesSince(r.child.call!.at, now)} 分钟前呼叫`}
                    en={`called ${minutesSince(r.child.call!.at, now)} min ago`}
                  />
                  {away && (
                    <>
                      {' · '}
                      <Bi zh={`现在：${where.zh}`} en={`now: ${where.en}`} />
                    </>
                  )}
                </small>
              </span>
              <button className="primary" data-testid={`call-send-${r.student.id}`} onClick={() => send([r])}>
                <Bi zh="送到校门" en="Send to the gate" />
              </button>
            </li>
          );
        })}
      </ul>
      {calls.length > 1 && (
        <button data-testid="call-send-all" onClick={() => send(calls)}>
          <Bi zh={`全部送到校门（${calls.length}）`} en="Send all" />
        </button>
      )}
    </section>
  );
}
