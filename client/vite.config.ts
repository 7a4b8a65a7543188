import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const serverOrigin = process.env.DATABAY_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // Bundle shared/ from source, so the client neither waits for nor goes stale against shared/dist.
      '@databay-studio/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': serverOrigin,
      '/socket.io': { target: serverOrigin, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // shared/ declares zod schemas at module level; the client uses none of them, and marking
      // shared's modules side-effect free lets the bundler drop them and zod with them.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/shared/src/') },
    },
  },
});
