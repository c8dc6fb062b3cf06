/**
 * 安全提示 (SN1) where a child is scanned or chosen: the medical note in amber with the warning triangle, the custody
 * rules in red with the cross, so a colour-blind teacher tells them apart by the shape. Nothing when there are none.
 */
import type { Student } from '../../core/roster';
import { hasSafetyNotes, notesOf } from '../../core/safetyRules';
import { Bi } from '../../common/Bi';
import { LevelIcon } from '../../common/LevelIcon';
import './safety.css';

/** The custody rules in words, one line each (只凭接送卡接走, 不得交给 …, the court order's reference). */
export function custodyLines(student: Pick<Student, 'safety'>): { zh: string; en: string }[] {
  const n = notesOf(student);
  return [
    ...(n.cardOnly ? [{ zh: '只凭接送卡接走', en: 'Leaves only with the pickup card' }] : []),
    ...(n.notWith.length ? [{ zh: `不得交给：${n.notWith.join('、')}`, en: `Never to: ${n.notWith.join(', ')}` }] : []),
    ...(n.custody ? [{ zh: n.custody, en: 'custody note' }] : []),
  ];
}

export function SafetyNotes({ student, compact = false }: { student: Student; compact?: boolean }) {
  if (!hasSafetyNotes(student)) return null;
  const n = notesOf(student);
  const custody = custodyLines(student);
  return (
    <div className={`safety-notes${compact ? ' compact' : ''}`} data-testid={`safety-${student.id}`}>
      {n.medical && (
        <p className="safety medical" data-testid="safety-medical">
          <LevelIcon kind="warn" className="safety-icon" />
          <span>
            <Bi zh="医疗/过敏：" en="Medical: " />
            {n.medical}
          </span>
        </p>
      )}
      {custody.length > 0 && (
        <p className="safety custody" data-testid="safety-custody">
          <LevelIcon kind="error" className="safety-icon" />
          <span>
            {custody.map((c, i) => (
              <span key={i} className="safety-line">
                <Bi {...c} />
              </span>
            ))}
          </span>
        </p>
      )}
    </div>
  );
}

/** SN1 in a list row: a small mark that the child has notes (the full notes show when the child is chosen). */
export function SafetyMark({ student }: { student: Student }) {
  if (!hasSafetyNotes(student)) return null;
  const custody = custodyLines(student).length > 0;
  const medical = notesOf(student).medical !== '';
  return (
    <span className="safety-marks" data-testid={`safety-mark-${student.id}`}>
      {custody && (
        <small className="safety-mark custody">
          <LevelIcon kind="error" className="safety-icon" />
          {notesOf(student).cardOnly ? '只凭接送卡' : '接送限制'}
        </small>
      )}
      {medical && (
        <small className="safety-mark medical">
          <LevelIcon kind="warn" className="safety-icon" />
          医疗提示
        </small>
      )}
    </span>
  );
}
