// Builds the operations-centre web app (apps/ops-web) with Vite into dist/apps/ops-web,
// when its sources or the libs it bundles are newer than the last build (or with --force).
// tools/build.mjs calls it, so `npm start` and the tests serve a current app.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The app and every lib (it bundles the contracts and pure libs such as @ioc/access,
// @ioc/coverage and @ioc/sla: a change to any of them must reach the browser).
const SOURCES = ['apps/ops-web', 'libs', 'package-lock.json'];
const OUTPUT = join(root, 'dist/apps/ops-web/index.html');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

export async function buildWeb({ force = false } = {}) {
  if (!force && existsSync(OUTPUT)) {
    const built = statSync(OUTPUT).mtimeMs;
    if (SOURCES.every((s) => newest(join(root, s)) <= built)) return false;
  }
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'apps/ops-web/vite.config.mts'), logLevel: 'warn' });
  console.log(`build: web app (apps/ops-web) built with Vite to dist/apps/ops-web in ${Date.now() - started} ms`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb({ force: process.argv.includes('--force') });
