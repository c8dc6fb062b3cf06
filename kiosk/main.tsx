/**
 * The kiosk boots from what the tablet holds (IndexedDB), so it starts with the hub unreachable. If the page is
 * not a secure context (the school's certificate is not trusted yet), it shows how to fix that instead of a
 * camera that cannot work.
 */
import '../common/strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KioskDb } from './lib/kioskDb';
import { KioskModel } from './lib/kioskModel';
import { App } from './ui/App';
import { Bi } from '../common/Bi';
import { registerServiceWorker } from './ui/UpdatePrompt';
import '../common/base.css';

const root = createRoot(document.getElementById('root')!);

function CertificateSetup() {
  return (
    <main className="setup">
      <h1>
        <Bi zh="请先安装学校的证书" en="Trust the school's certificate first" />
      </h1>
      <p>
        <Bi
          zh="摄像头扫码和离线功能需要安全连接（HTTPS）。"
          en="The camera and offline mode need a secure (HTTPS) connection."
        />
      </p>
      <p>
        <a href={`http://${location.hostname}:8080/setup`}>
          <Bi zh="查看安装步骤" en="How to trust the certificate" />
        </a>
      </p>
    </main>
  );
}

async function start() {
  if (!window.isSecureContext) {
    root.render(<CertificateSetup />);
    return;
  }
  // Ask the browser not to evict the outbox under storage pressure (iPad: add to the home screen as well).
  void navigator.storage?.persist?.();
  registerServiceWorker();
  const model = await KioskModel.boot(await KioskDb.open());
  (window as unknown as { relayKiosk: KioskModel }).relayKiosk = model;
  root.render(
    <StrictMode>
      <App model={model} />
    </StrictMode>,
  );
}

void start();
