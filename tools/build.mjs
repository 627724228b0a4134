// Compiles every app, lib and tool from TypeScript to dist/ with SWC, rewriting the
// @ioc/* path aliases to relative imports. Type checking is `npm run typecheck` (tsc);
// this step only transpiles, so it takes about a second for the whole workspace. The web
// app (apps/ops-web, React) is bundled by Vite instead, when its sources changed.
import { createRequire } from 'node:module';
import { readdirSync, statSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, relative, dirname, extname } from 'node:path';
import { buildWeb } from './build-web.mjs';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc-options.js');

const SOURCE_DIRS = ['apps', 'libs', 'tools'];
/** Bundled by Vite (tools/build-web.mjs), not compiled file by file. */
const WEB_APP = join(root, 'apps', 'ops-web');
const SKIP = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts|jest\.config\.ts|\.d\.ts)$/;
const ASSETS = new Set(['.html', '.json', '.conf', '.csv', '.geojson']);
const outRoot = join(root, 'dist');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const full = join(dir, name);
    if (full === WEB_APP) continue;
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

const started = Date.now();
const jobs = [];
for (const top of SOURCE_DIRS) {
  let files;
  try {
    files = [...walk(join(root, top))];
  } catch {
    continue; // a top-level folder that does not exist yet has nothing to build
  }
  for (const file of files) {
    const rel = relative(root, file);
    if (rel.includes('/src/') && ASSETS.has(extname(file))) {
      const out = join(outRoot, rel);
      mkdirSync(dirname(out), { recursive: true });
      copyFileSync(file, out);
      continue;
    }
    if (!file.endsWith('.ts') || SKIP.test(file)) continue;
    const out = join(outRoot, rel.replace(/\.ts$/, '.js'));
    jobs.push(
      swc.transformFile(file, { ...swcOptions({ paths: true }), filename: file, outputPath: out }).then((res) => {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, res.code + `\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
        if (res.map) writeFileSync(out + '.map', res.map);
      }),
    );
  }
}
await Promise.all(jobs);
console.log(`build: ${jobs.length} files compiled to dist/ in ${Date.now() - started} ms`);
await buildWeb();
