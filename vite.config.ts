import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The pages are built into dist/ and served by the hub; each page is one entry (the kiosk now, the leader
// and office pages later). `base` stays '/' because the hub serves dist/ at its root.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { kiosk: fileURLToPath(new URL('./kiosk/index.html', import.meta.url)) },
    },
  },
});
