/**
 * Issue #16, finding 10: the kiosk shows words, never the reducer's codes, and tells children apart. The gate's
 * guardian match says where each child is and its 放行 is off once the child has left; the leave/absent list
 * names each child's class and why; a roll-call scan of a child already released says they left.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { indexRoster } from '../../core/roster';
import type { Roster } from '../../core/roster';
import type { KioskModel, KioskView } from '../../kiosk/lib/kioskModel';
import { decideScan } from '../../kiosk/lib/stationRules';
import { CarePanel } from '../../kiosk/ui/CarePanel';
import { GuardianMatch } from '../../kiosk/ui/GatePanel';
import { at, card, DAY, ev, kioskRoster, nextId, tinyRoster } from '../core/fixtures';

const model = {} as KioskModel;
const group = { kind: 'group' } as const;
const src = (n: number) => ({ kind: 'card', cardId: card('student', n) }) as const;

function view(roster: Roster, events: CustodyEvent[], extra: Partial<KioskView> = {}): KioskView {
  return {
    phase: 'ready',
    day: DAY,
    roster,
    dayState: reduceDay({ roster, day: DAY, events, now: at('16:30') }),
    sync: { online: true, unsent: 0, lastSync: null, clockOffsetMs: 0, revoked: false, rejected: 0 },
    rejected: [],
    ...extra,
  };
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ');
/** An internal code: snake_case words, as the reducer names statuses and anomalies. */
const CODE = /\b[a-z]+_[a-z_]+\b/;

describe('words, not codes (#16 finding 10)', () => {
  it("the gate's guardian match says where each child is in words, and 放行 is off once the child has left", () => {
    const roster = tinyRoster((r) => {
      r.guardians![0]!.studentIds = ['a', 'b'];
    });
    const events = [
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('sent_to_gate', '17:20', { studentId: 'a', source: group }),
      ev('checked_in', '15:31', { studentId: 'b', source: src(2), groupId: 'g1' }),
      ev('sent_to_gate', '17:20', { studentId: 'b', source: group }),
      ev('released', '17:25', { studentId: 'b', source: group, how: { kind: 'bus', bus: '2' } }),
    ];
    const ga = roster.guardians[0]!;
    const students = roster.students.filter((s) => ga.studentIds.includes(s.id));
    const html = renderToStaticMarkup(
      <GuardianMatch
        model={model}
        view={view(roster, events, { guardianMatch: { guardian: ga, cardId: ga.cardId!, students } })}
      />,
    );
    const match = /data-testid="guardian-match".*?<\/section>/s.exec(html)![0];
    expect(text(match)).not.toMatch(CODE);
    expect(match).toMatch(/data-testid="match-status-a">.*在校门等待/);
    expect(match).toMatch(/data-testid="match-status-b">.*已离校/);
    expect(match).toMatch(/<button[^>]*data-testid="release-b"[^>]*disabled/);
    expect(match).not.toMatch(/<button[^>]*data-testid="release-a"[^>]*disabled/);
  });

  it("the leave/absent list names each child's class and why, so two of the same name are told apart", () => {
    const roster = tinyRoster((r) => {
      r.groups.find((g) => g.id === 'g2')!.weekdays = [1, 2, 3, 4, 5];
      r.students.find((s) => s.id === 'd')!.name = '张小明';
      r.students.push({
        ...r.students.find((s) => s.id === 'a')!,
        id: 'f',
        studentNo: '006',
        groupId: 'g2',
        cardId: card('student', 6),
      });
    });
    const events = [
      ev('leave_recorded', '08:00', { studentId: 'f', reason: 'sick', note: '发烧' }),
      ev('marked_absent', '15:50', { studentId: 'd' }),
    ];
    const html = renderToStaticMarkup(<CarePanel model={model} view={view(roster, events)} groupId="g2" />);
    const row = (id: string) => text(new RegExp(`data-testid="leave-${id}".*?</li>`, 's').exec(html)![0]);
    // A list mixing classes is read class by class: each child under their class's heading.
    const classOf = (id: string) =>
      text(new RegExp(`<h4>((?:(?!<h4>).)*?)</h4><ul>(?:(?!</ul>).)*data-testid="leave-${id}"`, 's').exec(html)![1]!);
    expect(row('f')).toMatch(/张小明.*病假 · 发烧/s);
    expect(classOf('f').replace(/\s+/g, ' ').trim()).toBe('一年级1班 1');
    expect(row('d')).toMatch(/张小明.*缺席/s);
    expect(classOf('d').replace(/\s+/g, ' ').trim()).toBe('一年级2班 1');
    expect(text(html)).not.toMatch(CODE);
  });

  it('a roll-call scan of a child already released says they left, and marks them safe', () => {
    const roster = kioskRoster();
    const events = [
      ev('checked_in', '15:31', { studentId: 'a', source: src(1), groupId: 'g1' }),
      ev('released', '16:00', { studentId: 'a', source: group, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } }),
      ev('roll_call_started', '16:10', {}),
    ];
    const v = decideScan(
      {
        index: indexRoster(roster),
        station: { kind: 'care', groupId: 'g1' },
        day: DAY,
        now: at('16:15'),
        deviceId: 'k1',
        staffId: 'care1',
        clockOffsetMs: 0,
        newId: nextId,
        state: reduceDay({ roster, day: DAY, events, now: at('16:15') }),
      },
      card('student', 1),
    );
    expect(v).toMatchObject({ level: 'warn', title: { zh: expect.stringContaining('已离校') } });
    expect(v.events).toMatchObject([{ type: 'marked_safe', studentId: 'a' }]);
  });
});
