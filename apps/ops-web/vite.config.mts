// Vite build of the operations-centre web app into dist/apps/ops-web, which the api serves
// at /. `npx vite --config apps/ops-web/vite.config.mts` runs it in development against an
// api on :3000 (proxied), with the realtime app on :3001.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
// The same @ioc/* aliases as the services (tsconfig.base.json); lint keeps the web app to
// the contracts and the pure domain libs it may use.
const paths: Record<string, string[]> = JSON.parse(readFileSync(`${repo}tsconfig.base.json`, 'utf8')).compilerOptions.paths;
const alias = Object.fromEntries(Object.entries(paths).map(([name, [target]]) => [name, `${repo}${target}`]));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: { alias },
  build: { outDir: `${repo}dist/apps/ops-web`, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/app-config.json': 'http://127.0.0.1:3000' } },
});
