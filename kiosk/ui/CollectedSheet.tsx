/**
 * 已接走 from extended care: who came? The child's guardians by name, one tap each, or their pickup card scanned
 * at the camera (the gate's guardian match then releases with the card). The roster's usual plan (the bus,
 * walking home) is never assumed: the child is with an adult because that plan did not happen.
 */
import type { Guardian, Student } from '../../core/roster';
import { Bi } from '../../common/Bi';
import { BottomSheet } from './BottomSheet';

export function CollectedSheet({
  student,
  guardians,
  onCollected,
  onClose,
}: {
  student: Student;
  guardians: Guardian[];
  onCollected: (collectedBy: string) => void;
  onClose: () => void;
}) {
  return (
    <BottomSheet
      testid="collected-sheet"
      title={{ zh: `谁来接 ${student.name}？`, en: `Who collected ${student.name}?` }}
      onClose={onClose}
    >
      <p>
        <Bi zh="请扫家长的接送卡，或点家长的名字：" en="Scan the guardian's pickup card, or tap their name:" />
      </p>
      <div className="chips">
        {guardians.map((g) => (
          <button
            key={g.id}
            type="button"
            data-testid={`collected-by-${g.id}`}
            onClick={() => onCollected(`${g.name}（${g.relation}）`)}
          >
            {g.name}（{g.relation}）
          </button>
        ))}
      </div>
      {guardians.length === 0 && (
        <p>
          <Bi
            zh="花名册里没有这名学生的家长：请联系班主任核实后再放行"
            en="No guardian on the roster: check with the class teacher first"
          />
        </p>
      )}
    </BottomSheet>
  );
}
