/**
 * The headers every answer of the hub carries, pages and API alike. The Content-Security-Policy is what the
 * built pages need and no more: their own scripts and styles, QR images drawn as data: and blob: URLs, the
 * socket.io connection (same origin, and wss:), the service worker and the kiosk's QR decoder worker; no inline
 * script anywhere, no eval. 'wasm-unsafe-eval' lets a page or worker compile WebAssembly and nothing else (not
 * eval, not new Function): the decoder worker (kiosk/lib/decodeWorker.ts) runs zxing-wasm, whose .wasm file is
 * served from the hub itself (script-src 'self' still decides where code comes from). The two pages the
 * hub writes itself (the landing page, the certificate instructions) carry one inline <style> each, allowed by
 * its hash. HSTS is modest and never preloaded: the hub lives on a school LAN with its own CA, and a school that
 * moves it must not be locked out of a name for years.
 */
import { createHash } from 'node:crypto';

export const HSTS_MAX_AGE_S = 180 * 86_400;

/** `styleHashes`: base64 SHA-256 of each inline <style> a page carries. */
export function contentSecurityPolicy(styleHashes: readonly string[] = []): string {
  const styles = ["'self'", ...styleHashes.map((h) => `'sha256-${h}'`)].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src ${styles}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self' wss:",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_S}`,
  'Content-Security-Policy': contentSecurityPolicy(),
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** The CSP for a page the hub writes as one string: its inline <style> blocks allowed by hash. */
export function cspForHtml(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) =>
    createHash('sha256')
      .update(m[1] ?? '')
      .digest('base64'),
  );
  return contentSecurityPolicy(hashes);
}
