/**
 * Free text in events, as each reader gets it (docs/security.md, "The tablet"). The hub stores every event as it
 * came and the office reads it whole; a kiosk and the duty leader's page get a copy cut on the way out:
 *
 * | text | kiosk | leader |
 * |---|---|---|
 * | leave note (`leave_recorded.note`), inspection note, alert acknowledgement note | dropped (`''`) | phones masked |
 * | arrangement note and who collects, reasons, who collected, extended-care place | phones masked | phones masked |
 *
 * Card ids in events (the scanned card, a pickup card at a release) reach them as their keyed hashes.
 *
 * A teacher at a tablet needs an arrangement ("奶奶 16:00 提前接") but never why a child is on leave; a phone
 * number is for the office to call. Only named free-text fields are touched: ids, card ids and times stay as
 * they are, so the reducer, the kiosk's sync (by id and seq) and a kiosk's own events are unaffected.
 */
import { cardHash, isCardHash, withCardHashes } from './cardHash';
import type { CustodyEvent, Source, StoredEvent } from './events';
import type { ChildDay, DayState } from './state';

export type Reader = 'office' | 'leader' | 'kiosk';

/** A mainland mobile (138 0013 8000, +86…) or a landline with its area code (010-12345678, 0755 1234567). */
const PHONE = /(?<![0-9A-Za-z])((?:\+|00)?86[ -]?)?(1[3-9]\d(?:[ -]?\d{4}){2}|0\d{2,3}[ -]?\d{7,8})(?![0-9A-Za-z])/g;

/**
 * Every phone number in a text with all but its first 3 and last 4 digits as `*`; separators stay.
 * @example maskPhones('哮喘发作 妈妈电话13800138000') // '哮喘发作 妈妈电话138****8000'
 */
export function maskPhones(text: string): string {
  return text.replace(PHONE, (_m, prefix: string | undefined, number: string) => {
    const digits = number.replace(/\D/g, '').length;
    let i = 0;
    const masked = number.replace(/\d/g, (d) => (i++ >= 3 && i <= digits - 4 ? '*' : d));
    return (prefix ?? '') + masked;
  });
}

const maskSource = (s: Source): Source => (s.kind === 'manual' ? { ...s, reason: maskPhones(s.reason) } : s);

/**
 * The copy of an event a reader gets. The office's is the event itself; the others are new objects, the stored
 * event is never changed.
 * @example eventForReader(leave, 'kiosk').note // ''
 */
export function eventForReader<E extends CustodyEvent | StoredEvent>(e: E, reader: Reader, cardKey?: string): E {
  if (reader === 'office') return e;
  const m = maskPhones;
  const drop = (note: string) => (reader === 'kiosk' ? '' : m(note));
  // Card ids as their hashes (core/cardHash.ts): a scanned pickup card's id in the feed would let whoever holds a
  // tablet print that card. `cardKey` in the a–p letters, as tablets get it.
  const out = { ...(cardKey ? withCardHashes(e as CustodyEvent, cardKey) : e) } as CustodyEvent;
  if ('source' in out) out.source = maskSource(out.source);
  switch (out.type) {
    case 'leave_recorded':
    case 'headcount_inspected':
      out.note = drop(out.note);
      break;
    case 'alert_acknowledged':
      // Required text in the schema: a kiosk gets a dash, never what the leader wrote.
      out.note = reader === 'kiosk' ? '—' : m(out.note);
      break;
    case 'arrangement_recorded':
      out.note = m(out.note);
      if (out.arrangement.kind !== 'pickup_change')
        out.arrangement = { ...out.arrangement, collectedBy: m(out.arrangement.collectedBy) };
      break;
    case 'picked_up_early':
      out.collectedBy = m(out.collectedBy);
      out.reason = m(out.reason);
      break;
    case 'released':
      if (out.how.kind === 'staff_confirmed' || out.how.kind === 'reunified' || out.how.kind === 'delegate')
        out.how = { ...out.how, collectedBy: m(out.how.collectedBy) };
      if (out.override) out.override = { ...out.override, reason: m(out.override.reason) };
      break;
    case 'extended_care_started':
      out.place = m(out.place);
      break;
    case 'marked_absent':
      if (out.reason !== undefined) out.reason = m(out.reason);
      break;
    case 'corrected':
      out.reason = m(out.reason);
      break;
    default:
      break;
  }
  return out as E;
}

/** The same for a list, e.g. a day's slice. */
export function eventsForReader<E extends CustodyEvent | StoredEvent>(
  events: readonly E[],
  reader: Reader,
  cardKey?: string,
): E[] {
  return reader === 'office' ? [...events] : events.map((e) => eventForReader(e, reader, cardKey));
}

/**
 * The day's state (GET /api/headcount) as a reader may see it: the same cuts as `eventForReader`, for the notes and
 * card ids the reducer copied out of the events. The state is reduced from the events as stored, then cut.
 * @example dayStateForReader(state, 'kiosk', key).children.s1.leave?.note // ''
 */
export function dayStateForReader(state: DayState, reader: Reader, cardKey?: string): DayState {
  if (reader === 'office') return state;
  const m = maskPhones;
  const drop = (note: string) => (reader === 'kiosk' ? '' : m(note));
  const answer = (note: string) => (reader === 'kiosk' ? '—' : m(note));
  const hashed = (id: string) => (cardKey && !isCardHash(id) ? cardHash(cardKey, id) : id);
  const child = (c: ChildDay): ChildDay => {
    const out: ChildDay = { ...c };
    if (c.leave) out.leave = { ...c.leave, note: drop(c.leave.note) };
    if (c.absence?.reason !== undefined) out.absence = { ...c.absence, reason: m(c.absence.reason) };
    if (c.release) {
      const how = c.release.how;
      out.release = {
        ...c.release,
        how:
          how.kind === 'staff_confirmed' || how.kind === 'reunified' || how.kind === 'delegate'
            ? { ...how, collectedBy: m(how.collectedBy) }
            : how.kind === 'guardian_card'
              ? { ...how, cardId: hashed(how.cardId) }
              : how,
        ...(c.release.early
          ? { early: { collectedBy: m(c.release.early.collectedBy), reason: m(c.release.early.reason) } }
          : {}),
      };
    }
    if (c.extendedCare) out.extendedCare = { ...c.extendedCare, place: m(c.extendedCare.place) };
    if (c.arrangements)
      out.arrangements = c.arrangements.map((a) =>
        a.kind === 'pickup_change'
          ? { ...a, note: m(a.note) }
          : { ...a, note: m(a.note), collectedBy: m(a.collectedBy) },
      );
    return out;
  };
  return {
    ...state,
    children: Object.fromEntries(Object.entries(state.children).map(([id, c]) => [id, child(c)])),
    inspections: state.inspections.map((i) => ({ ...i, note: drop(i.note) })),
    acknowledgements: Object.fromEntries(
      Object.entries(state.acknowledgements).map(([k, a]) => [k, { ...a, note: answer(a.note) }]),
    ),
    anomalies: state.anomalies.map((a) => {
      // SN2: the duty leader's reason for an override is free text, cut as a reason is.
      const b = typeof a.detail?.note === 'string' ? { ...a, detail: { ...a.detail, note: m(a.detail.note) } } : a;
      return b.acknowledged ? { ...b, acknowledged: { ...b.acknowledged, note: answer(b.acknowledged.note) } } : b;
    }),
  };
}
