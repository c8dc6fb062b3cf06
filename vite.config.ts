import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

// The pages are built into dist/ and served by the hub at its root. The kiosk's service worker is /sw.js with
// scope /kiosk/: only kiosk pages are controlled, and /api and /socket.io are never served from its cache.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      // At the root, so the precache's relative paths resolve; its scope is still only /kiosk/.
      filename: 'sw.js',
      scope: '/kiosk/',
      manifestFilename: 'kiosk/manifest.webmanifest',
      // The icons are precached by the glob below; the plugin's own entry for them gets the path wrong.
      includeManifestIcons: false,
      manifest: {
        name: '接力 · 课后服务平板',
        short_name: '接力',
        lang: 'zh-CN',
        description: 'Relay kiosk: after-school check-in and hand-over',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f6f7f6',
        theme_color: '#0a7d38',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
        ],
      },
      workbox: {
        // wasm: the camera's QR decoder (zxing-wasm, about 950 KB), so scanning works offline from the first visit.
        globPatterns: ['**/*.{js,css,html,png,webmanifest,wasm}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackAllowlist: [/^\/kiosk\//],
        navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//, /^\/kiosk\/leader/, /^\/kiosk\/office/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // The kiosk's QR decoder runs in a module worker (kiosk/lib/decodeWorker.ts), which imports zxing-wasm.
  worker: { format: 'es' },
  publicDir: fileURLToPath(new URL('./common/public', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        kiosk: fileURLToPath(new URL('./kiosk/index.html', import.meta.url)),
        leader: fileURLToPath(new URL('./leader/index.html', import.meta.url)),
        office: fileURLToPath(new URL('./office/index.html', import.meta.url)),
        board: fileURLToPath(new URL('./board/index.html', import.meta.url)),
      },
    },
  },
});
