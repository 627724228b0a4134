import type { ImportResult } from '@ioc/contracts';
import { dryRunVerdict, fileIssues, furtherView, importPercent, issuesByLine, uploadType, type ImportView } from './import-flow';

const view = (over: Partial<ImportView> & { phase?: ImportView['progress']['phase']; processed?: number; total?: number } = {}): ImportView => ({
  jobId: over.jobId ?? 'job-1',
  state: over.state ?? 'active',
  progress: { phase: over.phase ?? 'checking', processed: over.processed ?? 0, total: over.total ?? 30 },
  result: over.result ?? null,
  failedReason: over.failedReason ?? null,
});
const result = (over: Partial<ImportResult>): ImportResult => ({ rows: 30, valid: 27, imported: 0, issues: [], issueCount: over.issues?.length ?? 0, badLines: [], badLineCount: over.badLines?.length ?? 0, outcome: 'checked', ...over });

describe('the upload type of a chosen file', () => {
  it('goes by the extension, whatever the browser says', () => {
    expect(uploadType('thiet-bi.CSV', 'application/vnd.ms-excel')).toEqual({ format: 'csv', contentType: 'text/csv' });
    expect(uploadType('cameras.geojson', '')).toEqual({ format: 'geojson', contentType: 'application/geo+json' });
    expect(uploadType('cameras.json', 'application/json')).toEqual({ format: 'geojson', contentType: 'application/geo+json' });
  });

  it('falls back on the MIME type of a file without a known extension', () => {
    expect(uploadType('export', 'text/csv')).toEqual({ format: 'csv', contentType: 'text/csv' });
  });

  it('refuses a workbook or anything else', () => {
    expect(uploadType('thiet-bi.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBeNull();
    expect(uploadType('anh.png', 'image/png')).toBeNull();
  });
});

describe('following an import job', () => {
  it('moves forward with whichever of push and poll is further', () => {
    let v = furtherView(null, view({ processed: 10 }));
    v = furtherView(v, view({ processed: 20 }));
    // an older poll answer arriving late does not move the bar back
    v = furtherView(v, view({ processed: 5 }));
    expect(v.progress.processed).toBe(20);
    v = furtherView(v, view({ state: 'completed', phase: 'done', processed: 30, result: result({}) }));
    expect(v.state).toBe('completed');
    v = furtherView(v, view({ state: 'active', phase: 'writing', processed: 30 }));
    expect(v).toMatchObject({ state: 'completed', result: result({}) });
  });

  it('keeps the result a push carried when a later view has none', () => {
    const done = view({ state: 'completed', phase: 'done', processed: 30, result: result({ imported: 27 }) });
    expect(furtherView(done, { ...done, result: null }).result?.imported).toBe(27);
  });

  it('starts over for another job', () => {
    expect(furtherView(view({ jobId: 'a', state: 'completed', phase: 'done' }), view({ jobId: 'b', processed: 1 })).jobId).toBe('b');
  });

  it('shows whole percents, 100 only once the job is done', () => {
    expect(importPercent(null)).toBe(0);
    expect(importPercent(view({ phase: 'parsing', total: 0 }))).toBe(0);
    expect(importPercent(view({ processed: 10, total: 30 }))).toBe(33);
    expect(importPercent(view({ phase: 'writing', processed: 30, total: 30 }))).toBe(99);
    expect(importPercent(view({ phase: 'done', processed: 30, total: 30 }))).toBe(100);
    expect(importPercent(view({ state: 'completed', phase: 'done', processed: 0, total: 0 }))).toBe(100);
  });
});

describe('the verdict of a dry run', () => {
  it('is clean when every row is good', () => {
    expect(dryRunVerdict(result({ valid: 30 }))).toBe('clean');
  });

  it('asks for "skip invalid rows" when some rows are bad', () => {
    const r = result({ issues: [{ line: 5, field: 'lat', reason: 'latitude must be ≤ 90' }], badLines: [5] });
    expect(dryRunVerdict(r)).toBe('some_bad');
    expect(fileIssues(r)).toEqual([]);
  });

  it('offers nothing when the file as a whole is refused', () => {
    const r = result({ valid: 0, issues: [{ line: 1, field: '', reason: 'header: unknown column "colour"' }], badLines: [] });
    expect(dryRunVerdict(r)).toBe('nothing_to_import');
    expect(fileIssues(r)).toHaveLength(1);
  });

  it('offers nothing when no row is good', () => {
    expect(dryRunVerdict(result({ valid: 0, badLines: [2], issues: [{ line: 2, field: 'id', reason: 'is required' }] }))).toBe('nothing_to_import');
  });

  it('groups the issues of each row, in line order', () => {
    const grouped = issuesByLine([
      { line: 9, field: 'lat', reason: 'a' },
      { line: 3, field: 'name', reason: 'b' },
      { line: 9, field: 'range_m', reason: 'c' },
    ]);
    expect(grouped.map((g) => [g.line, g.issues.map((i) => i.field)])).toEqual([
      [3, ['name']],
      [9, ['lat', 'range_m']],
    ]);
  });
});
