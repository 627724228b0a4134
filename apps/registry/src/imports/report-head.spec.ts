// What an import job's view carries of its report: the counts and the first problems, so
// the answer stays small however many rows were bad (the rest is read in pages).
import { IMPORT_REPORT_HEAD } from '@ioc/contracts';
import { reportHead } from './register-import.service';

describe('import report head', () => {
  const issues = Array.from({ length: 5000 }, (_, i) => ({ line: i + 2, field: 'lat', reason: 'latitude must be ≤ 90' }));
  const badLines = issues.map((i) => i.line);

  it('carries the first problems and bad lines, and counts them all', () => {
    const head = reportHead({ rows: 5000, valid: 0, imported: 0, issues, issueCount: 7000, badLines, outcome: 'checked' });
    expect(head.issues).toHaveLength(IMPORT_REPORT_HEAD);
    expect(head.issues[0]).toEqual(issues[0]);
    expect(head.badLines).toEqual(badLines.slice(0, IMPORT_REPORT_HEAD));
    expect(head).toMatchObject({ issueCount: 7000, badLineCount: 5000, rows: 5000, outcome: 'checked' });
    expect(JSON.stringify(head).length).toBeLessThan(20_000);
  });

  it('counts the problems of a report kept before the count existed', () => {
    expect(reportHead({ rows: 3, valid: 2, imported: 0, issues: issues.slice(0, 1), badLines: [2], outcome: 'checked' })).toMatchObject({ issueCount: 1, badLineCount: 1 });
  });
});
