/**
 * What a scan means at this station, decided from local state alone so the teacher hears the answer within
 * 100 ms, online or not: the verdict to show (colour, sound, words) and the events to write. Every event a verdict
 * writes is held to the station table (CU20, core/stations.ts) that the hub holds it to again on arrival, with
 * the rest of its checks (core/checkEvent.ts).
 */
import type { CardLookup } from '../../core/cards';
import { lookupCard } from '../../core/cards';
import type { CustodyEvent, EventBody, ReleaseHow, Source } from '../../core/events';
import type { Bilingual, Level, MessageCode } from '../../core/messages';
export type { Bilingual, Level };
import { messages } from '../../core/messages';
import type { Guardian, RosterIndex, Student } from '../../core/roster';
import type { ChildDay, DayState } from '../../core/state';
import { NOT_YET_IN_CARE } from '../../core/custodyRules';
import type { Station } from '../../core/stations';
export type { Station };
import { stationAllows } from '../../core/stations';

export interface Verdict {
  level: Level;
  title: Bilingual;
  detail?: Bilingual;
  student?: Student;
  /** a guardian pickup card was scanned at the gate: these are the children it may collect */
  guardian?: { guardian: Guardian; cardId: string; students: Student[] };
  /** events to write, already complete; empty when nothing is recorded */
  events: CustodyEvent[];
}

export interface ScanContext {
  index: RosterIndex;
  state: DayState;
  station: Station;
  day: string;
  now: number;
  deviceId: string;
  staffId: string;
  clockOffsetMs: number;
  newId: () => string;
  /** at the gate, the guardian card scanned just before, if any */
  guardianMatch?: { guardian: Guardian; cardId: string } | undefined;
}

const bi = (zh: string, en: string): Bilingual => ({ zh, en });
const fromCode = (code: MessageCode): Bilingual => ({ zh: messages[code].zh, en: messages[code].en });

export function makeEvent(
  ctx: Pick<ScanContext, 'newId' | 'day' | 'deviceId' | 'staffId' | 'now' | 'clockOffsetMs'>,
  body: EventBody,
): CustodyEvent {
  return {
    id: ctx.newId(),
    day: ctx.day,
    deviceId: ctx.deviceId,
    staffId: ctx.staffId,
    deviceTime: ctx.now,
    clockOffsetMs: ctx.clockOffsetMs,
    ...body,
  } as CustodyEvent;
}

function groupName(ctx: ScanContext, groupId: string | null | undefined): string {
  return (groupId && ctx.index.groups.get(groupId)?.name) || '—';
}

function childOf(ctx: ScanContext, s: Student): ChildDay | undefined {
  return ctx.state.children[s.id];
}

const cardErrors: Record<Exclude<CardLookup, { ok: true }>['code'], MessageCode> = {
  malformed: 'card_malformed',
  foreign_school: 'card_foreign_school',
  revoked: 'card_revoked',
  unknown: 'card_unknown',
};

/** A scanned code at this station. */
export function decideScan(ctx: ScanContext, scanned: string): Verdict {
  const found = lookupCard(ctx.index, scanned);
  if (!found.ok) return { level: 'error', title: fromCode(cardErrors[found.code]), events: [] };
  if (found.kind === 'guardian') {
    if (ctx.station.kind !== 'gate')
      return {
        level: 'error',
        title: bi('这是接送卡，请扫学生卡', 'This is a pickup card: scan the student card'),
        events: [],
      };
    // CU22: the guardian is here, so each child of the card still in a room is called to the gate at once.
    const source: Source = { kind: 'card', cardId: found.cardId };
    const calls = found.students
      .filter((s) => needsCall(ctx, s))
      .map((s) => makeEvent(ctx, { type: 'called_to_gate', studentId: s.id, source, guardianId: found.guardian.id }));
    const called = found.students.filter((s) => needsCall(ctx, s));
    return {
      level: 'info',
      title: bi(`${found.guardian.name}（${found.guardian.relation}）`, `Pickup card: ${found.guardian.name}`),
      detail: bi(
        `可接：${found.students.map((s) => s.name).join('、')}` +
          (called.length ? `；已呼叫 ${called.map((s) => s.name).join('、')}，正送来校门` : ''),
        `May collect: ${found.students.map((s) => s.name).join(', ')}` +
          (called.length ? `; called ${called.map((s) => s.name).join(', ')} to the gate` : ''),
      ),
      guardian: { guardian: found.guardian, cardId: found.cardId, students: found.students },
      events: calls,
    };
  }
  return decideStudent(ctx, found.student, { kind: 'card', cardId: found.cardId });
}

/**
 * CU22: a child the gate may call: in a room (or on the way to one) with no open call, outside a roll call. A child
 * at the gate already, released, or not in today needs no call.
 */
export function needsCall(ctx: Pick<ScanContext, 'state'>, student: Student): boolean {
  const roll = ctx.state.rollCall;
  if (roll && roll.endedAt === undefined) return false;
  const child = ctx.state.children[student.id];
  if (!child || (child.status !== 'in_care' && child.status !== 'handed_off')) return false;
  return !child.call || child.call.answeredAt !== undefined;
}

/**
 * A child picked by scan, by search (with the reason there was no card) or from a list. At the gate a child found
 * by search while still in a room is called (CU22) unless `arrived` says the child stands at the gate.
 */
export function decideStudent(ctx: ScanContext, student: Student, source: Source, arrived = false): Verdict {
  return heldToStation(ctx, decideHere(ctx, student, source, arrived));
}

/**
 * CU20: a verdict never writes what this station may not record (core/stations.ts), so the hub cannot refuse it
 * for the station. The tests pin that no verdict comes here; should one, nothing is written and the teacher is told.
 */
function heldToStation(ctx: ScanContext, v: Verdict): Verdict {
  const refused = v.events.find((e) => !stationAllows(ctx.index, ctx.station, e));
  if (!refused) return v;
  const detail = bi(refused.type, refused.type);
  return { level: 'error', title: fromCode('station_mismatch'), detail, student: v.student, events: [] };
}

function decideHere(ctx: ScanContext, student: Student, source: Source, arrived: boolean): Verdict {
  if (student.groupId === null) return { level: 'error', title: fromCode('not_enrolled'), student, events: [] };
  const roll = ctx.state.rollCall;
  if (roll && roll.endedAt === undefined) return atAssembly(ctx, student, source);
  const child = childOf(ctx, student);
  if (!child)
    return {
      level: 'warn',
      title: bi('今天不参加课后服务', 'Not in after-school service today'),
      detail: bi(`${groupName(ctx, student.groupId)}今天不开班`, 'Their group does not meet today'),
      student,
      events: [],
    };
  switch (ctx.station.kind) {
    case 'classroom':
      return atClassroom(ctx, ctx.station.classId, student, child, source);
    case 'care':
      return atCare(ctx, ctx.station.groupId, student, child, source);
    case 'gate':
      return !arrived && source.kind === 'manual' && (child.status === 'in_care' || child.status === 'handed_off')
        ? callFromGate(ctx, student, child, source)
        : atGate(ctx, student, child, source);
  }
}

/** During an emergency roll call every kiosk is an assembly point: a scan says "safe", nothing else. */
function atAssembly(ctx: ScanContext, student: Student, source: Source): Verdict {
  if (ctx.state.rollCall?.safe.includes(student.id))
    return { level: 'info', title: bi('已确认安全', 'Already marked safe'), student, events: [] };
  // A child already released is not expected here: safe, but someone must ask why they are back on site.
  if (ctx.state.children[student.id]?.status === 'released')
    return {
      level: 'warn',
      title: bi('已离校的学生：已记为安全', 'Released earlier: marked safe'),
      detail: bi(
        '这名学生今天已被接走，却在集合点：请核实并告知值班领导',
        'Released today yet here: check and tell the duty leader',
      ),
      student,
      events: [makeEvent(ctx, { type: 'marked_safe', studentId: student.id, source })],
    };
  return {
    level: 'ok',
    title: bi('安全', 'Safe'),
    detail: bi('紧急点名', 'Emergency roll call'),
    student,
    events: [makeEvent(ctx, { type: 'marked_safe', studentId: student.id, source })],
  };
}

function afterRelease(ctx: ScanContext, student: Student, source: Source): Verdict {
  // Recorded on purpose: a released child still on the premises is something the duty leader must hear about.
  return {
    level: 'error',
    title: bi('已离校！', 'Already released!'),
    detail: bi('这名学生已被接走，请核实', 'This child was released: check who is here'),
    student,
    events: [makeEvent(ctx, { type: 'checked_in', studentId: student.id, source, groupId: student.groupId! })],
  };
}

function atClassroom(ctx: ScanContext, classId: string, student: Student, child: ChildDay, source: Source): Verdict {
  if (student.classId !== classId) {
    return {
      level: 'error',
      title: bi('不是本班学生', 'Not in this class'),
      detail: bi(`${ctx.index.classes.get(student.classId)?.name ?? ''}`, 'Scanned in the wrong classroom'),
      student,
      events: [],
    };
  }
  const to = groupName(ctx, child.groupId);
  const handOff = () =>
    makeEvent(ctx, { type: 'handed_off', studentId: student.id, source, toGroupId: child.groupId! });
  switch (child.status) {
    case 'expected':
    case 'absent':
      return { level: 'ok', title: bi(`去 ${to}`, `Go to ${to}`), student, events: [handOff()] };
    case 'on_leave':
      return {
        level: 'warn',
        title: bi('今天请假，已记录交出', 'On leave today: hand-off recorded'),
        detail: bi(`去 ${to}；请告知班主任`, `Go to ${to}; tell the class teacher`),
        student,
        events: [handOff()],
      };
    case 'handed_off':
      return {
        level: 'info',
        title: bi('已记录', 'Already recorded'),
        detail: bi(`去 ${to}`, `Go to ${to}`),
        student,
        events: [],
      };
    case 'released':
      return { level: 'error', title: bi('已离校！', 'Already released!'), student, events: [] };
    default:
      return {
        level: 'warn',
        title: bi('已在看护中', 'Already in care'),
        detail: bi('无需再交出', 'No hand-off needed'),
        student,
        events: [],
      };
  }
}

function atCare(ctx: ScanContext, groupId: string, student: Student, child: ChildDay, source: Source): Verdict {
  if (child.status === 'released') return afterRelease(ctx, student, source);
  const here = child.status === 'in_care' && child.place?.kind === 'group' && child.place.groupId === groupId;
  if (here) return { level: 'info', title: bi('已签到', 'Already checked in'), student, events: [] };
  const event = makeEvent(ctx, { type: 'checked_in', studentId: student.id, source, groupId });
  if (child.groupId !== groupId) {
    return {
      level: 'warn',
      title: bi(
        `不是本组！应去 ${groupName(ctx, child.groupId)}`,
        `Wrong group: belongs to ${groupName(ctx, child.groupId)}`,
      ),
      detail: bi('已记录并通知值班领导', 'Recorded; the duty leader is told'),
      student,
      events: [event],
    };
  }
  if (child.status === 'on_leave')
    return {
      level: 'warn',
      title: bi('今天请假，已签到', 'On leave today: checked in'),
      detail: bi('请告知班主任', 'Tell the class teacher'),
      student,
      events: [event],
    };
  const back = child.status === 'in_care' ? bi('回到本组', 'Back in the group') : bi('签到', 'Checked in');
  const note = arrangementNote(child);
  return { level: 'ok', title: back, ...(note ? { detail: note } : {}), student, events: [event] };
}

/** Today's way home: the class teacher's change for the day (CU19), else the roster's plan. */
export function planToday(student: Student, child: ChildDay | undefined): Student['pickup'] {
  const change = child?.arrangements?.find((a) => a.kind === 'pickup_change');
  return change && change.kind === 'pickup_change' ? change.plan : student.pickup;
}

/** Early or late pickup arranged for today, said where the child is scanned. */
export function arrangementNote(child: ChildDay | undefined): Bilingual | undefined {
  const parts = (child?.arrangements ?? []).flatMap((a) =>
    a.kind === 'early_pickup'
      ? [{ zh: `今天 ${a.at} ${a.collectedBy}提前接`, en: `early pickup ${a.at} by ${a.collectedBy}` }]
      : a.kind === 'late_pickup'
        ? [{ zh: `今天 ${a.at} 晚接${a.collectedBy ? `（${a.collectedBy}）` : ''}`, en: `late pickup ${a.at}` }]
        : a.kind === 'pickup_change'
          ? [{ zh: '今天接送方式有变', en: 'another way home today' }]
          : a.kind === 'delegate'
            ? [{ zh: `今天由 ${a.collectedBy} 代接`, en: `collected by ${a.collectedBy} today` }]
            : [],
  );
  return parts.length ? { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') } : undefined;
}

function releaseHow(ctx: ScanContext, student: Student): { how: ReleaseHow; note?: Bilingual } | { refuse: Bilingual } {
  const match = ctx.guardianMatch;
  if (match) {
    if (!match.guardian.studentIds.includes(student.id))
      return {
        refuse: bi(
          `${match.guardian.name} 的接送卡不能接这名学生`,
          `${match.guardian.name}'s card does not list this child`,
        ),
      };
    return { how: { kind: 'guardian_card', guardianId: match.guardian.id, cardId: match.cardId } };
  }
  const plan = planToday(student, ctx.state.children[student.id]);
  switch (plan.kind) {
    case 'bus':
      return { how: { kind: 'bus', bus: plan.bus }, note: bi(`乘 ${plan.bus} 号校车`, `Takes bus ${plan.bus}`) };
    case 'walks_alone':
      return {
        how: { kind: 'walks_alone' },
        note: bi('自行回家（家长已书面同意）', 'Walks home (written permission on file)'),
      };
    case 'guardian':
      return { how: { kind: 'staff_confirmed', collectedBy: '家长' }, note: bi('家长接走', 'Collected by a guardian') };
  }
}

/** Where a called child is now, as the gate says it: the group's name, the club room, the nurse. */
export function whereNow(index: Pick<RosterIndex, 'groups' | 'clubs'>, child: ChildDay): Bilingual {
  const p = child.place;
  if (child.status === 'handed_off') return bi('在去看护室的路上', 'on the way to care');
  if (!p) return bi('—', '—');
  if (p.kind === 'group') {
    const name = index.groups.get(p.groupId)?.name ?? '—';
    return bi(name, name);
  }
  if (p.kind === 'club') {
    const name = index.clubs.get(p.clubId)?.name ?? '—';
    return bi(name, name);
  }
  return bi('医务室', 'the nurse');
}

/** CU22: a child found by search at the gate while still in a room is called, not released: it is not here yet. */
function callFromGate(ctx: ScanContext, student: Student, child: ChildDay, source: Source): Verdict {
  const where = whereNow(ctx.index, child);
  if (!needsCall(ctx, student)) {
    // The call's time is on the hub's clock; so is this tablet's time once corrected by the offset it knows.
    const hubNow = ctx.now + ctx.clockOffsetMs;
    const minutes = Math.max(0, Math.floor((hubNow - (child.call?.at ?? hubNow)) / 60_000));
    return {
      level: 'info',
      title: bi(`已呼叫（${minutes} 分钟前）`, `Called ${minutes} min ago`),
      detail: bi(`${where.zh} 正送来校门；到了再放行`, `${where.en} is sending the child; release on arrival`),
      student,
      events: [],
    };
  }
  return {
    level: 'info',
    title: bi('已呼叫，请稍候', 'Called: please wait'),
    detail: bi(`已通知 ${where.zh} 送到校门；到了再放行`, `${where.en} is told to send the child; release on arrival`),
    student,
    events: [makeEvent(ctx, { type: 'called_to_gate', studentId: student.id, source })],
  };
}

function atGate(ctx: ScanContext, student: Student, child: ChildDay, source: Source): Verdict {
  if (child.status === 'released')
    return {
      level: 'error',
      title: bi('已离校！', 'Already released!'),
      detail: bi('不要重复放行', 'Do not release twice'),
      student,
      events: [],
    };
  const r = releaseHow(ctx, student);
  if ('refuse' in r) return { level: 'error', title: r.refuse, student, events: [] };
  const event = makeEvent(ctx, { type: 'released', studentId: student.id, source, how: r.how });
  if (NOT_YET_IN_CARE.includes(child.status)) {
    const why =
      child.status === 'on_leave'
        ? bi('今天请假，从未签到', 'On leave today, never checked in')
        : bi('从未签到！', 'Never checked in!');
    return {
      level: 'warn',
      title: why,
      detail: r.note ?? bi('已放行并通知值班领导', 'Released; the duty leader is told'),
      student,
      events: [event],
    };
  }
  return {
    level: 'ok',
    title: bi('放行', 'Released'),
    ...(r.note ? { detail: r.note } : {}),
    student,
    events: [event],
  };
}
