/**
 * What went wrong with a button's work, shown right under it and scrolled into view if it fell below the window
 * (issue #17: a refusal once appeared 1,660 px down the page while the clerk looked at the button).
 */
import { useEffect, useRef, useState } from 'react';
import type { Bilingual } from '../core/messages';
import { ErrorLine } from '../common/fields';
import { inWords } from './periodCheck';

/** `run` checks first and sends only what passes; a refusal, the page's or the hub's, becomes `error`. */
export function useBesideError() {
  const [error, setError] = useState('');
  const run = (check: (() => Bilingual | undefined) | undefined, work: () => Promise<unknown>, onFail?: () => void) => {
    const bad = check?.();
    if (bad) {
      setError(inWords(bad));
      onFail?.();
      return;
    }
    setError('');
    work().catch((err: Error) => {
      setError(err.message);
      onFail?.();
    });
  };
  return { error, setError, run };
}

/** The error line under a button; `testId` names its box for tests. */
export function BesideError({ error, testId }: { error: string; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  return (
    <div ref={box} data-testid={testId}>
      <ErrorLine error={error} />
    </div>
  );
}
