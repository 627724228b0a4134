import { assertMonthlyReport, type MonthlyReport } from './monthly-report';
import { sampleReport } from './monthly-report.fixture';
import { ReportError } from './report.error';
import { reportCsvFiles } from './report-csv';
import { reportJson } from './report-json';
import { renderReportPdf } from './report-pdf';

const failure = (report: MonthlyReport) => {
  try {
    assertMonthlyReport(report);
  } catch (err) {
    return err as ReportError;
  }
  throw new Error('expected the report to be refused');
};

describe('monthly report validation', () => {
  it('accepts a well-formed report', () => {
    expect(() => assertMonthlyReport(sampleReport())).not.toThrow();
  });

  it('refuses a rate over 100, naming the field and the unit', () => {
    const report = sampleReport();
    report.areas[2].availability = 120;
    const err = failure(report);
    expect(err).toBeInstanceOf(ReportError);
    expect(err.code).toBe('invalid_report');
    expect(err.message).toContain('areas.2.availability');
    expect(err.message).toContain('0..100');
  });

  it('refuses a day outside the month, a duplicate day and a duplicate area code', () => {
    const report = sampleReport();
    report.dailyAvailability.push({ day: '2026-12-01', availability: 99 }, { day: '2026-11-02', availability: 99 });
    report.areas.push({ ...report.areas[0] });
    const message = failure(report).message;
    expect(message).toContain('2026-12-01 is not in 2026-11');
    expect(message).toContain('duplicate day 2026-11-02');
    expect(message).toContain('duplicate area code DH-TT');
  });

  it('refuses a malformed month, a time without offset and a negative or fractional count', () => {
    const report = { ...sampleReport(), month: '2026-13', generatedAt: '2026-12-01 00:05' };
    report.province.devices = -1;
    report.contractors[0].incidents = 1.5;
    const message = failure(report).message;
    expect(message).toMatch(/month: must be a month as YYYY-MM/);
    expect(message).toContain('generatedAt');
    expect(message).toContain('province.devices');
    expect(message).toContain('contractors.0.incidents');
  });

  it('is checked by every renderer before anything is written', async () => {
    const report = sampleReport();
    report.province.availability = -3;
    expect(() => reportCsvFiles(report)).toThrow(ReportError);
    expect(() => reportJson(report)).toThrow(ReportError);
    await expect(renderReportPdf(report)).rejects.toMatchObject({ code: 'invalid_report' });
  });
});
