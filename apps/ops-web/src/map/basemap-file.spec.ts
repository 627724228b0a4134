// The offline basemap shipped with the web app is what tools/web/make-basemap.mjs makes
// from the installed world-atlas (so an upgrade cannot leave a stale file behind), and it
// covers the province.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = join(__dirname, '..', '..', '..', '..');
const FILE = join(ROOT, 'apps/ops-web/public/basemap/region.json');

describe('offline basemap', () => {
  const shipped = JSON.parse(readFileSync(FILE, 'utf8')) as { bbox: number[]; features: { properties: { name: string } }[] };

  it('is what the generator makes from the installed world-atlas', () => {
    const made = execFileSync(process.execPath, ['--input-type=module', '-e', `import { makeBasemap } from ${JSON.stringify(join(ROOT, 'tools/web/make-basemap.mjs'))}; process.stdout.write(JSON.stringify(makeBasemap()));`], { maxBuffer: 16 * 1024 * 1024 });
    expect(JSON.parse(made.toString())).toEqual(shipped);
  });

  it('holds Vietnam and its neighbours around Quảng Bình, and stays small', () => {
    expect(shipped.features.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['Vietnam', 'Laos']));
    const [w, s, e, n] = shipped.bbox;
    expect(w < 105.6 && s < 16.9 && e > 107.1 && n > 18.1).toBe(true);
    expect(readFileSync(FILE).length).toBeLessThan(300_000);
  });
});
