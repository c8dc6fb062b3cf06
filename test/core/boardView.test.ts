/**
 * BD1 the gate board (issue #19 item 2): the three lists a board at the gate shows of the children the gate called,
 * and what it shows of their names.
 */
import { describe, expect, it } from 'vitest';
import { boardView, maskName } from '../../core/boardView';
import type { CustodyEvent } from '../../core/events';
import { reduceDay } from '../../core/reduceDay';
import { at, DAY, ev, manual, tinyRoster } from './fixtures';

const masked = tinyRoster();
const full = tinyRoster((r) => {
  r.settings = { ...r.settings, boardNames: 'full' };
});
const board = (events: CustodyEvent[], hhmm: string, roster = masked) =>
  boardView(reduceDay({ roster, day: DAY, now: at(hhmm), events }), roster, at(hhmm));

const checkIn = (studentId: string) =>
  ev(
    'checked_in',
    '15:35',
    { studentId, source: manual, groupId: studentId === 'd' ? 'g2' : 'g1' },
    { staffId: 'care1' },
  );
const call = (studentId: string, hhmm: string) =>
  ev('called_to_gate', hhmm, { studentId, source: manual }, { staffId: 'gate1', deviceId: 'gate-tab' });
const send = (studentId: string, hhmm: string) =>
  ev('sent_to_gate', hhmm, { studentId, source: manual }, { staffId: 'care1' });
const release = (studentId: string, hhmm: string) =>
  ev(
    'released',
    hhmm,
    { studentId, source: manual, how: { kind: 'staff_confirmed', collectedBy: '妈妈' } },
    { staffId: 'gate1' },
  );

const inCare = ['a', 'b', 'c', 'd'].map(checkIn);

describe('BD1 gate board', () => {
  it('BD1: masks the middle of a name: 张*三, 张*, 欧阳*明, and one star per character cut', () => {
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('李华')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧阳*明');
    expect(maskName('阿依古丽木')).toBe('阿依**木');
    expect(maskName('𠮷祥')).toBe('𠮷*');
    expect(maskName('王')).toBe('王');
  });

  it('BD1: masked is the default setting, and the board shows masked names with the class', () => {
    expect(masked.settings.boardNames).toBe('masked');
    const v = board([...inCare, call('a', '17:00'), call('b', '17:01')], '17:02');
    expect(v.called).toEqual([
      { name: '张*明', className: '一年级1班', calledAt: at('17:00'), minutes: 2 },
      { name: '李*', className: '一年级1班', calledAt: at('17:01'), minutes: 1 },
    ]);
    expect(JSON.stringify(v)).not.toMatch(/张小明|李华|王芳|赵强/);
  });

  it('BD1: full names when the school sets boardNames full', () => {
    const v = board([...inCare, call('a', '17:00')], '17:00', full);
    expect(v.names).toBe('full');
    expect(v.called.map((c) => c.name)).toEqual(['张小明']);
  });

  it('BD1: called → 到校门 → 已接走 as the room sends and the gate releases; gone from the board 10 minutes after', () => {
    const events: CustodyEvent[] = [...inCare, call('a', '17:00')];
    expect(board(events, '17:01')).toMatchObject({ called: [{ name: '张*明' }], atGate: [], released: [] });
    events.push(send('a', '17:03'));
    expect(board(events, '17:04')).toMatchObject({ called: [], atGate: [{ name: '张*明', minutes: 4 }], released: [] });
    events.push(release('a', '17:06'));
    expect(board(events, '17:10')).toMatchObject({
      called: [],
      atGate: [],
      released: [{ name: '张*明', minutes: 10, releasedAt: at('17:06') }],
    });
    expect(board(events, '17:15').released).toHaveLength(1);
    expect(board(events, '17:16').released).toEqual([]);
  });

  it('BD1: a call open longer than callAnswerMinutes is marked late; the oldest call comes first', () => {
    const v = board([...inCare, call('b', '17:03'), call('a', '17:00')], '17:05');
    expect(v.called.map((c) => [c.name, c.late ?? false])).toEqual([
      ['张*明', true],
      ['李*', false],
    ]);
  });

  it('BD1: children walked to the gate or released without a call are not on the board', () => {
    const v = board([...inCare, send('c', '17:00'), send('d', '17:00'), release('d', '17:02')], '17:03');
    expect(v).toMatchObject({ called: [], atGate: [], released: [] });
  });

  it('BD1: a child called while already at the gate is listed at the gate', () => {
    const v = board([...inCare, send('c', '17:00'), call('c', '17:02')], '17:03');
    expect(v.atGate.map((c) => c.name)).toEqual(['王*']);
    expect(v.called).toEqual([]);
  });
});
