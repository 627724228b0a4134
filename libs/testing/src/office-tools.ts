// Reading exports back with the tools planners use: LibreOffice (headless) opens an XLSX
// and writes each sheet as CSV; GDAL's ogr2ogr turns GeoJSON into a Shapefile and a
// GeoPackage. `npm test` installs both (deploy/local/test.sh); where one is missing, the
// tests that need it are skipped with a message naming the Debian package.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const hasSoffice = () => !spawnSync('soffice', ['--version']).error;
export const hasOgr2ogr = () => !spawnSync('ogr2ogr', ['--version']).error;

/** A minimal RFC 4180 reader for LibreOffice's CSV (comma, double quotes, LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * Opens an XLSX in LibreOffice headless and returns every sheet as rows of the text it
 * shows (`soffice --headless --convert-to csv`, UTF-8, one file per sheet), keyed by sheet name.
 * Asynchronous: LibreOffice takes seconds, and a test blocked that long finds its pooled
 * HTTP connections closed by the server's keep-alive ("other side closed").
 */
export async function xlsxSheetsViaLibreOffice(xlsx: Buffer): Promise<Record<string, string[][]>> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-xlsx-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, xlsx);
    // Filter options: comma, double quote, UTF-8 (76), from line 1, …, cells as shown (true), …, -1: every sheet to its own file.
    await promisify(execFile)(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', dir, file],
      { timeout: 120_000 },
    );
    const sheets: Record<string, string[][]> = {};
    for (const name of readdirSync(dir).filter((f) => f.startsWith('book-') && f.endsWith('.csv')))
      sheets[name.slice('book-'.length, -'.csv'.length)] = parseCsv(readFileSync(join(dir, name), 'utf8'));
    return sheets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Converts a GeoJSON document with ogr2ogr to an ESRI Shapefile and to a GeoPackage, and
 * returns ogrinfo's summary of each (layer, geometry type, feature count). Throws with
 * ogr2ogr's message when it refuses.
 */
export function geoJsonViaOgr(geojson: unknown, name: string): { shapefile: string; geopackage: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-ogr-'));
  try {
    const src = join(dir, `${name}.geojson`);
    writeFileSync(src, JSON.stringify(geojson));
    const run = (args: string[]) => execFileSync(args[0], args.slice(1), { encoding: 'utf8', stdio: 'pipe' });
    run(['ogr2ogr', '-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', join(dir, `${name}.shp`), src]);
    run(['ogr2ogr', '-f', 'GPKG', join(dir, `${name}.gpkg`), src]);
    return {
      shapefile: run(['ogrinfo', '-so', '-al', join(dir, `${name}.shp`)]),
      geopackage: run(['ogrinfo', '-so', '-al', join(dir, `${name}.gpkg`)]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
