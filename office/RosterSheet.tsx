/** The roster tab's panel: a bottom sheet over the dimmed page (common/base.css), closed by its button or Esc. */
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import type { Bilingual } from '../core/messages';
import { Bi } from '../common/Bi';

export function RosterSheet({
  title,
  onClose,
  children,
  testId,
}: {
  title: Bilingual;
  onClose: () => void;
  children: ReactNode;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // focus moves into the panel once, when it opens (not at every keystroke in it)
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="sheet-backdrop roster-sheet" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        tabIndex={-1}
        ref={ref}
        data-testid={testId}
      >
        <div className="roster-sheet-head">
          <h3 id={`${testId}-title`}>
            <Bi {...title} />
          </h3>
          <button data-testid={`${testId}-close`} onClick={onClose}>
            <Bi zh="关闭" en="Close" />
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
