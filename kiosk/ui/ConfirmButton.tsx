/**
 * A button for a step that is hard to take back: the first tap only asks "再点一次确认", the second, within a few
 * seconds, does it. A stray tap while counting thirty children records nothing.
 */
import { useEffect, useState } from 'react';
import type { Bilingual } from '../lib/stationRules';
import { Bi } from '../../common/Bi';

export const ARMED_MS = 4_000;

export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  testid,
  className,
  disabled,
}: {
  label: Bilingual;
  /** what the armed button says, e.g. "再点一次：记为缺席" */
  confirm: Bilingual;
  onConfirm: () => void;
  testid?: string;
  className?: string;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const t = setTimeout(() => setArmed(false), ARMED_MS);
    return () => clearTimeout(t);
  }, [armed]);
  return (
    <button
      type="button"
      className={`${className ?? ''}${armed ? ' armed' : ''}`}
      data-testid={testid}
      data-armed={armed ? '1' : undefined}
      disabled={disabled}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? <Bi {...confirm} /> : <Bi {...label} />}
    </button>
  );
}
