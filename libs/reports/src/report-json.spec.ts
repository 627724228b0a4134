import { sampleReport } from './monthly-report.fixture';
import { previewDocument } from './report-document';
import { MONTHLY_REPORT_SCHEMA_V1, reportJson } from './report-json';

describe('monthly report JSON (ioc.monthly-report.v1)', () => {
  const json = reportJson(sampleReport());

  it('names its schema and version, the month and its period in Vietnam time, and the time in UTC', () => {
    expect(json.schema).toBe(MONTHLY_REPORT_SCHEMA_V1);
    expect(json.schema).toBe('ioc.monthly-report.v1');
    expect(json.month).toBe('2026-11');
    expect(json.period).toEqual({ start: '2026-11-01T00:00:00+07:00', end: '2026-12-01T00:00:00+07:00', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(json.generatedAt).toBe('2026-12-01T00:05:00.000Z');
  });

  it('has the stable top-level and row shapes', () => {
    expect(Object.keys(json)).toEqual(['schema', 'month', 'period', 'generatedAt', 'province', 'areas', 'contractors', 'dailyAvailability']);
    expect(json.province).toEqual({
      areas: 6,
      devices: 1284,
      availabilityPct: 98.87,
      dataCoveragePct: 96.67,
      incidents: { total: 57, critical: 2, major: 11, minor: 39, info: 5 },
      ackCompliancePct: 96.49,
      resolveCompliancePct: 91.23,
      areasMeetingTargetInstalledPct: 87.5,
      areasMeetingTargetOperationalPct: 75,
    });
    expect(json.areas[0]).toEqual({
      code: 'BD-CH',
      name: 'Chợ Ba Đồn',
      district: 'Thị xã Ba Đồn',
      devices: 0,
      availabilityPct: null,
      dataCoveragePct: null,
      incidents: 0,
      ackCompliancePct: null,
      resolveCompliancePct: null,
      coverageInstalledPct: 0,
      coverageOperationalPct: 0,
      meetsTarget: false,
    });
    expect(json.contractors.map((c) => c.name)).toEqual(['Công ty TNHH Kỹ thuật Điện tử Đồng Hới', 'Viettel Quảng Bình', 'Viễn thông Quảng Bình (VNPT)']);
    expect(json.dailyAvailability).toHaveLength(30);
    expect(json.dailyAvailability[13]).toEqual({ day: '2026-11-14', availabilityPct: null, dataCoveragePct: 0 });
  });

  it('serialises Vietnamese text as UTF-8 in NFC, not as \\u escapes', () => {
    const report = sampleReport();
    report.areas[1].district = 'Thành phố Đồng Hới'.normalize('NFD');
    const text = JSON.stringify(reportJson(report));
    expect(text).not.toMatch(/\\u[0-9a-f]{4}/i);
    expect(Buffer.from(text, 'utf8').includes(Buffer.from('Thành phố Đồng Hới'.normalize('NFC'), 'utf8'))).toBe(true);
    expect(text).not.toContain('Thành phố Đồng Hới'.normalize('NFD'));
  });

  it('fills missing severities with 0 and rounds to two decimals, never up to 100 or down to 0', () => {
    const report = sampleReport();
    report.province.incidents.bySeverity = { major: 3 };
    report.province.availability = 99.9996;
    report.province.responseCompliance.ack = 0.001;
    const p = reportJson(report).province;
    expect(p.incidents).toEqual({ total: 57, critical: 0, major: 3, minor: 0, info: 0 });
    expect(p.availabilityPct).toBe(99.99);
    expect(p.ackCompliancePct).toBe(0.01);
  });

  it('names the document the PDF is, when given, after the time of the figures', () => {
    const withDocument = reportJson(sampleReport(), { ...previewDocument('2026-12-01T00:05:00Z'), number: 7 });
    expect(Object.keys(withDocument).slice(0, 5)).toEqual(['schema', 'month', 'period', 'generatedAt', 'document']);
    expect(withDocument.document).toEqual({
      numberAndSymbol: '07/BC-IOC',
      number: 7,
      symbol: 'BC-IOC',
      issuedOn: '2026-12-01',
      issuer: 'Trung tâm Giám sát, điều hành đô thị thông minh',
      parentBody: 'Sở Thông tin và Truyền thông tỉnh Quảng Bình',
    });
  });

  it('gives an area’s gaps when they are known, and leaves the field out when not', () => {
    const report = sampleReport();
    report.areas[1].gaps = [{ purpose: 'security', checkpoints: 8, uncoveredInstalled: 2, uncoveredOperational: 3 }];
    const areas = reportJson(report).areas;
    expect(areas.find((a) => a.code === 'DH-NL')?.gaps).toEqual([{ purpose: 'security', checkpoints: 8, uncoveredInstalled: 2, uncoveredOperational: 3 }]);
    expect(areas.find((a) => a.code === 'BD-CH')).not.toHaveProperty('gaps');
  });
});
