/**
 * The kiosk's first screen: is this page allowed to use the camera and a service worker (a secure context),
 * and can it reach the hub. Scanning and the stations build on this (issue #3).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { HealthResponse } from '../core/protocol';

function useHealth(): HealthResponse | 'offline' | null {
  const [health, setHealth] = useState<HealthResponse | 'offline' | null>(null);
  useEffect(() => {
    let alive = true;
    fetch('/api/health', { cache: 'no-store' })
      .then((r) => r.json() as Promise<HealthResponse>)
      .then((h) => { if (alive) setHealth(h); })
      .catch(() => { if (alive) setHealth('offline'); });
    return () => { alive = false; };
  }, []);
  return health;
}

function App() {
  const health = useHealth();
  if (!window.isSecureContext) {
    return (
      <main style={{ fontFamily: 'system-ui', padding: '2rem' }}>
        <h1>请先安装学校的证书</h1>
        <p>Trust the school's certificate first: camera and offline mode need HTTPS.</p>
        <a href="/setup">安装证书 / How to trust the certificate</a>
      </main>
    );
  }
  return (
    <main style={{ fontFamily: 'system-ui', padding: '2rem' }}>
      <h1>接力 <small>Relay</small></h1>
      <p data-testid="hub-status">
        {health === null ? '正在连接… / connecting…' : health === 'offline' ? '离线 / offline' : `已连接 ${health.school} / connected (v${health.version})`}
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
