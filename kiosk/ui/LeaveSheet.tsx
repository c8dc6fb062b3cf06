/**
 * 请假 for today, as the class teacher records it on the classroom tablet: tap one of the school's reasons, add a
 * few words if useful, confirm. The reason is chosen, never guessed from typed text (a typed "发烧" was once stored
 * as personal leave); ranges of days are entered in the office.
 */
import { useState } from 'react';
import type { Student } from '../../core/roster';
import type { LeaveReason } from '../lib/words';
import { LEAVE_REASONS } from '../lib/words';
import { Bi } from '../../common/Bi';
import { BottomSheet } from './BottomSheet';

/** Words a class teacher writes most often, one tap each; anything else can be typed. */
const COMMON_NOTES: Record<LeaveReason, string[]> = {
  sick: ['发烧', '感冒', '肚子疼', '看病'],
  personal: ['家中有事', '外出', '家长提前接'],
  other: [],
};

export function LeaveSheet({
  student,
  className,
  onSave,
  onClose,
}: {
  student: Student;
  className: string;
  onSave: (reason: LeaveReason, note: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState<LeaveReason | null>(null);
  const [note, setNote] = useState('');
  return (
    <BottomSheet
      testid="leave-sheet"
      title={{ zh: `${student.name}（${className}）今天请假`, en: `Leave today: ${student.name}` }}
      onClose={onClose}
    >
      <div className="chips" role="radiogroup" aria-label="请假原因 reason">
        {LEAVE_REASONS.map((r) => (
          <button
            key={r.reason}
            type="button"
            role="radio"
            aria-checked={reason === r.reason}
            className={reason === r.reason ? 'on' : ''}
            data-testid={`leave-reason-${r.reason}`}
            onClick={() => setReason(r.reason)}
          >
            <Bi {...r.words} />
          </button>
        ))}
      </div>
      {reason && COMMON_NOTES[reason].length > 0 && (
        <div className="chips">
          {COMMON_NOTES[reason].map((n) => (
            <button key={n} type="button" className={note === n ? 'on' : ''} onClick={() => setNote(n)}>
              {n}
            </button>
          ))}
        </div>
      )}
      <label>
        <Bi zh="说明（可不填）" en="Note (optional)" />
        <input data-testid="leave-note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button
        type="button"
        className="primary"
        data-testid="leave-submit"
        disabled={!reason}
        onClick={() => reason && onSave(reason, note.trim())}
      >
        <Bi zh="记为请假" en="Record leave" />
      </button>
    </BottomSheet>
  );
}
