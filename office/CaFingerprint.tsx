/**
 * 学校根证书 / The school's CA: its SHA-256 fingerprint, for a teacher to compare on each tablet after installing
 * the certificate. The tablet's set-up page comes over plain HTTP and someone on the Wi-Fi could replace it with
 * their own certificate and fingerprint; this page comes over HTTPS from the hub, so compare against this one.
 * Worked out here from the certificate the hub serves (/ca.crt), as the tablet's settings work it out.
 */
import { useEffect, useState } from 'react';
import { Bi } from '../common/Bi';

/** AB:CD:… in rows of eight bytes, as long as a phone screen can show without wrapping mid-row. */
function rows(digest: ArrayBuffer): string[] {
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0').toUpperCase());
  return [0, 8, 16, 24].map((i) => hex.slice(i, i + 8).join(':'));
}

export function CaFingerprint() {
  const [fingerprint, setFingerprint] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch('/ca.crt', { cache: 'no-store' })
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
      .then((der) => crypto.subtle.digest('SHA-256', der))
      .then((d) => setFingerprint(rows(d)))
      .catch(() => setFailed(true));
  }, []);
  return (
    <section className="ca-fingerprint" aria-labelledby="ca-fingerprint-title">
      <h3 id="ca-fingerprint-title">
        <Bi zh="学校根证书" en="The school's CA" />
      </h3>
      <p>
        <Bi
          block
          zh="平板安装证书后，在证书详情里核对 SHA-256 指纹，必须与下面完全一致；不一致就不要信任，请告诉信息老师。"
          en="After installing the certificate on a tablet, check that the SHA-256 fingerprint in its details is exactly this one. If it differs, do not trust it: tell the school's IT person."
        />
      </p>
      {fingerprint ? (
        <p
          data-testid="ca-fingerprint"
          aria-label={`SHA-256 ${fingerprint.join(':')}`}
          style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: '1.05rem', lineHeight: 1.6 }}
        >
          {fingerprint.map((r) => (
            <span key={r} style={{ display: 'block', whiteSpace: 'nowrap' }}>
              {r}
            </span>
          ))}
        </p>
      ) : failed ? (
        <p>
          <Bi zh="读不到证书，请刷新页面" en="Could not read the certificate: reload the page" />
        </p>
      ) : null}
    </section>
  );
}
