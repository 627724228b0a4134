import { isReportReady, monthsUpTo, reportDownloads, sortReports } from './reports';

describe('monthly reports on the page', () => {
  const report = { month: '2026-11', generatedAt: '2026-12-01T00:05:10.000Z', files: ['json', 'csv', 'pdf', 'xlsx'] as ('json' | 'csv' | 'pdf' | 'xlsx')[] };

  it('offers the PDF, the XLSX annex, one CSV per table and the JSON, under the names the API gives', () => {
    const d = reportDownloads(report);
    expect(d.map((x) => x.fileName)).toEqual([
      'sla-2026-11.pdf',
      'sla-2026-11.xlsx',
      'sla-2026-11-province.csv',
      'sla-2026-11-areas.csv',
      'sla-2026-11-contractors.csv',
      'sla-2026-11-daily.csv',
      'sla-2026-11.json',
    ]);
    expect(d[0].path).toBe('/api/v1/reports/2026-11.pdf');
    expect(d[3]).toMatchObject({ path: '/api/v1/reports/2026-11.csv', query: { file: 'areas' } });
  });

  it('offers only the files the report has', () => {
    expect(reportDownloads({ ...report, files: ['json'] }).map((x) => x.format)).toEqual(['json']);
  });

  it('calls a report ready when it is listed and is not the one listed before the request', () => {
    expect(isReportReady('2026-12', undefined, [report])).toBe(false);
    expect(isReportReady('2026-11', undefined, [report])).toBe(true);
    expect(isReportReady('2026-11', report, [report])).toBe(false);
    expect(isReportReady('2026-11', report, [{ ...report, generatedAt: '2026-12-07T08:00:00.000Z' }])).toBe(true);
  });

  it('lists reports newest month first and offers the months up to the current one', () => {
    expect(sortReports([{ ...report, month: '2026-09' }, report]).map((r) => r.month)).toEqual(['2026-11', '2026-09']);
    expect(monthsUpTo('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
  });
});
