/**
 * 紧急点名表: the paper roll for when tablets fail. Exactly the children on campus now (ON_CAMPUS), by the room
 * they are in, each with the last hand-over seen (what, who, when) and, during a roll call, whether already
 * found safe. On paper in the office's hands, so the school's 学号 is printed; no internal id is (R1).
 */
import type { EventType, Place } from '../events';
import type { Roster } from '../roster';
import type { ChildDay, DayState } from '../state';
import { ON_CAMPUS } from '../state';
import { localTime } from '../time';
import { UNKNOWN_STAFF } from './reportTable';

export interface SheetChild {
  /** for the pages' keys and the tests; never printed */
  studentId: string;
  name: string;
  className: string;
  studentNo: string;
  /** the last hand-over seen (RC3's `last`): 签到 · 张老师 · 15:31 */
  last?: { what: string; by: string; at: string };
  /** found safe at the assembly point in the current or last roll call (RC2) */
  safe: boolean;
}

export interface SheetRoom {
  /** stable, for the pages' keys: `group:g1`, `club:choir`, `nurse`, `transit`, `gate`, `extended` */
  key: string;
  title: string;
  children: SheetChild[];
}

export interface RollCallSheet {
  school: string;
  day: string;
  /** HH:MM on the school's clock */
  at: string;
  total: number;
  /** set while a roll call runs: when it began and how many are already found */
  rollCall?: { startedAt: string; safe: number };
  rooms: SheetRoom[];
}

/** What the last step of the chain is called on paper. */
const STEP: Partial<Record<EventType, string>> = {
  handed_off: '交出',
  checked_in: '签到',
  transferred: '转到',
  sent_to_gate: '送到校门',
  extended_care_started: '延时托管',
  called_to_gate: '家长到校门，呼叫',
  leave_recorded: '请假',
  arrangement_recorded: '接送安排',
  marked_absent: '缺席',
};

/**
 * @example rollCallSheet(state, roster, now).rooms[0] // { key: 'group:g1', title: '一(1)班本班 · 一(1)班', children: [...] }
 */
export function rollCallSheet(state: DayState, roster: Roster, now: number): RollCallSheet {
  const tz = roster.settings.timeZone;
  const staffName = (id: string) => roster.staff.find((s) => s.id === id)?.name ?? UNKNOWN_STAFF;
  const roomName = (id: string) => roster.rooms.find((r) => r.id === id)?.name;
  const withRoom = (name: string, roomId: string) => {
    const room = roomName(roomId);
    return room && room !== name ? `${name} · ${room}` : name;
  };
  const roll = state.rollCall;
  const running = roll && roll.endedAt === undefined ? roll : undefined;
  const safe = new Set(roll?.safe ?? []);

  /** The room of each section, in the order a runner walks the school: groups, clubs, nurse, transit, gate, late. */
  const rooms: SheetRoom[] = [
    ...roster.groups.map((g) => ({ key: `group:${g.id}`, title: withRoom(g.name, g.roomId), children: [] })),
    ...roster.clubs.map((c) => ({ key: `club:${c.id}`, title: withRoom(c.name, c.roomId), children: [] })),
    { key: 'nurse', title: '医务室', children: [] },
    { key: 'transit', title: '在路上（已交出，未签到）', children: [] },
    { key: 'gate', title: '校门', children: [] },
    { key: 'extended', title: '延时托管', children: [] },
  ];
  const byKey = new Map(rooms.map((r) => [r.key, r] as const));
  const placeKey = (p: Place | undefined): string =>
    p?.kind === 'group' ? `group:${p.groupId}` : p?.kind === 'club' ? `club:${p.clubId}` : 'nurse';
  const keyOf = (c: ChildDay): string =>
    c.status === 'handed_off'
      ? 'transit'
      : c.status === 'at_gate'
        ? 'gate'
        : c.status === 'extended_care'
          ? 'extended'
          : placeKey(c.place);

  const students = [...roster.students].sort(
    (a, b) => a.classId.localeCompare(b.classId) || a.studentNo.localeCompare(b.studentNo),
  );
  let total = 0;
  for (const s of students) {
    const c = state.children[s.id];
    if (!c || !ON_CAMPUS.includes(c.status)) continue;
    const key = keyOf(c);
    let room = byKey.get(key);
    if (!room) {
      // a group or club since removed from the roster: still a room someone must go to
      room = { key, title: c.place?.kind === 'club' ? '已删除的社团' : '已删除的课后服务班', children: [] };
      byKey.set(key, room);
      rooms.push(room);
    }
    const link = [...c.chain].reverse().find((l) => !l.ignored && l.type !== 'marked_safe');
    const what = link ? (STEP[link.type] ?? link.type) : '';
    const extra = c.status === 'extended_care' && c.extendedCare ? `（${c.extendedCare.place}）` : '';
    room.children.push({
      studentId: s.id,
      name: s.name,
      className: roster.classes.find((k) => k.id === s.classId)?.name ?? '已删除的班级',
      studentNo: s.studentNo,
      ...(link ? { last: { what: `${what}${extra}`, by: staffName(link.staffId), at: localTime(link.at, tz) } } : {}),
      safe: safe.has(s.id),
    });
    total++;
  }
  return {
    school: roster.school.name,
    day: state.day,
    at: localTime(now, tz),
    total,
    ...(running
      ? {
          rollCall: {
            startedAt: localTime(running.startedAt, tz),
            safe: rooms.reduce((n, r) => n + r.children.filter((c) => c.safe).length, 0),
          },
        }
      : {}),
    rooms: rooms.filter((r) => r.children.length > 0),
  };
}
