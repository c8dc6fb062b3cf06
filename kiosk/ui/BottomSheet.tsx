/**
 * A sheet that rises from the bottom of the screen over a dimmed page: whatever a tap opens (a child's actions,
 * the leave form, who collected a child) lies in view however long the list it was opened from. The app's own
 * dialog: the kiosk never calls window.prompt, confirm or alert.
 */
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import type { Bilingual } from '../lib/stationRules';
import { Bi } from '../../common/Bi';

export function BottomSheet({
  title,
  testid,
  onClose,
  children,
}: {
  title: Bilingual | string;
  testid: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement | null>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  // Focus moves into the sheet once, when it opens (not at every re-render, which would steal it from a field).
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        ref={ref}
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testid}
        onClick={(e) => e.stopPropagation()}
      >
        <h3 id={titleId}>{typeof title === 'string' ? title : <Bi {...title} />}</h3>
        {children}
        <button type="button" className="sheet-close" data-testid={`${testid}-close`} onClick={onClose}>
          <Bi zh="关闭" en="Close" />
        </button>
      </div>
    </div>
  );
}
