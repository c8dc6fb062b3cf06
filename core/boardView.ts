/**
 * The gate board (BD1 in core/SPEC.md, issue #19): what a TV or spare tablet at the gate shows of the children the
 * gate called, in three lists, each child only by name (as the school's `boardNames` setting says) and class.
 * Worked out on the hub, so a board never receives a full name when the setting is masked, nor an id, a phone
 * number or anything else of the roster.
 */
import type { Roster } from './roster';
import type { DayState } from './state';

/** How long a child stays under 已接走 after the release. */
export const BOARD_RELEASED_MINUTES = 10;

export type BoardNames = 'full' | 'masked';

export interface BoardChild {
  /** the name as the setting says: 张小三 or 张*三 */
  name: string;
  className: string;
  /** when the gate called the child (ms); what the board counts its minutes from */
  calledAt: number;
  /** whole minutes since the call at `now` */
  minutes: number;
  /** an open call older than `callAnswerMinutes` (AN10): the room has not answered */
  late?: true;
  /** 已接走 only: when the child left */
  releasedAt?: number;
}

export interface BoardView {
  day: string;
  /** the instant the lists were worked out at */
  now: number;
  school: string;
  /** the school's time zone, for the times the board shows (the board's own clock may be set to any zone) */
  timeZone: string;
  names: BoardNames;
  /** 已呼叫: called, not yet sent (still in a room), oldest call first */
  called: BoardChild[];
  /** 在路上 / 到校门: called and sent to the gate (or called while already there), oldest call first */
  atGate: BoardChild[];
  /** 已接走: called and released in the last BOARD_RELEASED_MINUTES, latest release first */
  released: BoardChild[];
}

/**
 * A name with its middle cut: 2 characters keep the first (张*), 3 keep the first and the last (张*三), 4 or more
 * keep the first two and the last, one `*` for each character cut (欧阳*明, 阿依**丽). Counted by character, not
 * UTF-16 unit, so a rare character outside the BMP counts once.
 */
export function maskName(name: string): string {
  const c = [...name.trim()];
  if (c.length <= 1) return c.join('');
  if (c.length === 2) return `${c[0]}*`;
  const keep = c.length === 3 ? 1 : 2;
  return c.slice(0, keep).join('') + '*'.repeat(c.length - keep - 1) + c.at(-1)!;
}

/** BD1: the board's three lists for `state` (reduced at `now`). */
export function boardView(state: DayState, roster: Roster, now: number): BoardView {
  const names: BoardNames = roster.settings.boardNames;
  const students = new Map(roster.students.map((s) => [s.id, s]));
  const classes = new Map(roster.classes.map((c) => [c.id, c.name]));
  const lateMs = roster.settings.callAnswerMinutes * 60_000;
  const called: BoardChild[] = [];
  const atGate: BoardChild[] = [];
  const released: BoardChild[] = [];
  for (const child of Object.values(state.children)) {
    const call = child.call;
    const s = students.get(child.studentId);
    if (!call || !s) continue;
    const base: BoardChild = {
      name: names === 'full' ? s.name : maskName(s.name),
      className: classes.get(s.classId) ?? '',
      calledAt: call.at,
      minutes: Math.max(0, Math.floor((now - call.at) / 60_000)),
    };
    if (child.status === 'released' && child.release) {
      if (child.release.at <= now && now - child.release.at < BOARD_RELEASED_MINUTES * 60_000) {
        released.push({ ...base, releasedAt: child.release.at });
      }
    } else if (child.status === 'at_gate') {
      atGate.push(base);
    } else if (call.answeredAt === undefined) {
      called.push(now - call.at >= lateMs ? { ...base, late: true } : base);
    }
  }
  const byCall = (a: BoardChild, b: BoardChild) => a.calledAt - b.calledAt || a.name.localeCompare(b.name, 'zh-CN');
  called.sort(byCall);
  atGate.sort(byCall);
  released.sort((a, b) => b.releasedAt! - a.releasedAt! || byCall(a, b));
  const { timeZone } = roster.settings;
  return { day: state.day, now, school: roster.school.name, timeZone, names, called, atGate, released };
}
