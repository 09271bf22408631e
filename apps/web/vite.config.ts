import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ on the same origin as the API; in development Vite proxies the API to it.
const api = process.env.TESSERA_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/v1': api, '/openapi.json': api } },
});
