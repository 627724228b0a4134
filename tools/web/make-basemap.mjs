// Makes the web app's offline basemap (apps/ops-web/public/basemap/region.json) from the
// Natural Earth 1:10m countries in the world-atlas package: the countries around Quảng
// Bình, their rings cut to a box around the province and rounded to ~10 m, so the map
// needs no tile server and no internet. Run it again after upgrading world-atlas:
//   node tools/web/make-basemap.mjs
// A unit test (apps/ops-web/src/map/basemap-file.spec.ts) checks that the file is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { feature } = require('topojson-client');

/** West, south, east, north: the province (105.6–107.1 E, 16.9–18.1 N) with a wide margin. */
export const BOX = [102.5, 14.5, 110.5, 21.5];
const KEEP = new Set(['Vietnam', 'Laos', 'Thailand', 'Cambodia', 'China']);
const DIGITS = 4;

const inBox = ([x, y]) => x >= BOX[0] && x <= BOX[2] && y >= BOX[1] && y <= BOX[3];
const round = (v) => Number(v.toFixed(DIGITS));

/**
 * Keeps the stretches of a ring inside the box, closing over the outside parts along
 * their first and last points inside (good enough for a backdrop; the box is far wider
 * than the province).
 */
function cutRing(ring) {
  const kept = ring.filter(inBox).map(([x, y]) => [round(x), round(y)]);
  const out = kept.filter((p, i) => i === 0 || p[0] !== kept[i - 1][0] || p[1] !== kept[i - 1][1]);
  if (out.length < 3) return null;
  const [f, l] = [out[0], out[out.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) out.push(f);
  return out.length >= 4 ? out : null;
}

export function makeBasemap() {
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8'));
  const countries = feature(topo, topo.objects.countries).features.filter((f) => KEEP.has(f.properties.name));
  const features = [];
  for (const f of countries) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const kept = polygons.map((rings) => rings.map(cutRing).filter(Boolean)).filter((rings) => rings.length > 0);
    if (kept.length === 0) continue;
    features.push({ type: 'Feature', id: f.id, properties: { name: f.properties.name }, geometry: { type: 'MultiPolygon', coordinates: kept } });
  }
  return {
    type: 'FeatureCollection',
    source: 'Natural Earth 1:10m countries (public domain), via the world-atlas package',
    bbox: BOX,
    features,
  };
}

export const BASEMAP_FILE = fileURLToPath(new URL('../../apps/ops-web/public/basemap/region.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = JSON.stringify(makeBasemap());
  writeFileSync(BASEMAP_FILE, json + '\n');
  console.log(`basemap: ${BASEMAP_FILE} (${json.length} bytes)`);
}
