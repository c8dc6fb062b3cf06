/**
 * A child's scheduled move (RM1, issue #17) as the roster tab shows it, in the student's row and in the student
 * sheet: "12月7日起转入 一年级2班", names only, with 取消 (48 px, no browser dialog) that drops the move in the clerk's
 * name. The hub applies the move itself on that day (hub/roster/scheduledMoves.ts).
 */
import { useState } from 'react';
import type { Bilingual } from '../core/messages';
import type { Roster, ScheduledMove } from '../core/roster';
import { Bi } from '../common/Bi';
import type { OfficeApi } from './officeApi';

/** 12月7日 */
export const zhDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** Where a move goes, by name: 一年级2班、三年级托管班 (or 不参加课后服务). */
export function moveTo(roster: Roster, m: Pick<ScheduledMove, 'classId' | 'groupId'>): string {
  const klass = m.classId !== undefined ? (roster.classes.find((c) => c.id === m.classId)?.name ?? '—') : null;
  const group =
    m.groupId === undefined
      ? null
      : m.groupId === null
        ? '不参加课后服务'
        : (roster.groups.find((g) => g.id === m.groupId)?.name ?? '—');
  return [klass, group].filter((x): x is string => x !== null).join('、');
}

/** What a move does, in the clerk's words: 12月7日起转入 一年级2班. */
export function moveWords(roster: Roster, m: Pick<ScheduledMove, 'from' | 'classId' | 'groupId'>): Bilingual {
  return { zh: `${zhDay(m.from)}起转入 ${moveTo(roster, m)}`, en: `moves on ${m.from}` };
}

export function PendingMove({
  api,
  roster,
  staffId,
  studentId,
  onDone,
  testId = 'pending-move',
}: {
  api: OfficeApi;
  roster: Roster;
  staffId: string;
  studentId: string;
  onDone: (msg: string) => void;
  testId?: string;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const move = roster.scheduledMoves.find((m) => m.studentId === studentId);
  if (!move) return null;
  const words = moveWords(roster, move);
  const name = roster.students.find((s) => s.id === studentId)?.name ?? '';
  return (
    <div className="pending-move" data-testid={testId}>
      <Bi {...words} />
      <button
        className="small"
        data-testid={`${testId}-cancel`}
        disabled={!staffId || busy}
        onClick={() => {
          setError('');
          setBusy(true);
          void api
            .route('rosterMoveCancel', { params: { id: studentId }, body: { staffId } })
            .then(() => onDone(`已取消 ${name} ${zhDay(move.from)}起的调动 Scheduled move cancelled`))
            .catch((err: Error) => setError(err.message))
            .finally(() => setBusy(false));
        }}
      >
        <Bi zh="取消" en="Cancel" />
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
