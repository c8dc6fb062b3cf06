/** The office's "working…" line, shown while a request to the hub is slow. */
import { useEffect, useState } from 'react';
import { Bi } from '../common/Bi';
import { onBusy } from './officeApi';

/** Shown when a request has taken more than a second (an import, a semester's report, 2,000 cards). */
export function Progress() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return onBusy((n) => {
      clearTimeout(timer);
      if (n === 0) setSlow(false);
      else timer = setTimeout(() => setSlow(true), 1000);
    });
  }, []);
  return slow ? (
    <div className="progress" role="status" data-testid="progress">
      <span className="spinner" /> <Bi zh="正在处理，请稍候…" en="Working…" />
    </div>
  ) : null;
}
