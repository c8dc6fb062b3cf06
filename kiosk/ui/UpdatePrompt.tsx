/**
 * A new version is offered, and applied only when the kiosk is idle and its outbox is empty: never mid-scan.
 * (vite-plugin-pwa's autoUpdate would reload by itself; this is the prompt flow.)
 */
import { useEffect, useState } from 'react';
import type { Workbox } from 'workbox-window';
import type { KioskModel, KioskView } from '../lib/kioskModel';
import { Bi } from '../../common/Bi';

let workbox: Workbox | undefined;
let waiting = false;
const listeners = new Set<() => void>();

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  void import('workbox-window')
    .then(({ Workbox }) => {
      workbox = new Workbox('/sw.js', { scope: '/kiosk/' });
      workbox.addEventListener('waiting', () => {
        waiting = true;
        listeners.forEach((fn) => fn());
      });
      workbox
        .register({ immediate: true })
        .catch((err: unknown) => console.error('service worker registration failed', err));
    })
    .catch((err: unknown) => console.error('service worker unavailable', err));
}

const IDLE_BEFORE_UPDATE_MS = 60_000;

export function UpdatePrompt({ model, view }: { model: KioskModel; view: KioskView }) {
  const [available, setAvailable] = useState(waiting);
  useEffect(() => {
    const fn = () => setAvailable(true);
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }, []);
  if (!available) return null;
  const idle = !view.verdict || Date.now() - view.verdict.at > IDLE_BEFORE_UPDATE_MS;
  const safe = view.sync.unsent === 0 && idle;
  return (
    <div className="update" data-testid="update">
      <Bi zh="有新版本" en="A new version is ready" />
      <button
        disabled={!safe}
        onClick={() => {
          workbox?.addEventListener('controlling', () => window.location.reload());
          workbox?.messageSkipWaiting();
        }}
      >
        {safe ? (
          <Bi zh="现在更新" en="Update now" />
        ) : (
          <Bi zh="记录发送完后可更新" en="Update once all records are sent" />
        )}
      </button>
      {!safe && view.sync.unsent > 0 && (
        <button className="link" onClick={() => void model.flushNow()}>
          <Bi zh="立即发送" en="Send now" />
        </button>
      )}
    </div>
  );
}
