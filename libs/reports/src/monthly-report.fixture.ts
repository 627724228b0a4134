// Reports the specs render: a small month of real Quảng Bình places, and a province of
// any size for pagination. Not exported from the library.
import type { AreaFigures, MonthlyReport } from './monthly-report';

export const DISTRICTS = [
  'Thành phố Đồng Hới',
  'Thị xã Ba Đồn',
  'Huyện Bố Trạch',
  'Huyện Quảng Trạch',
  'Huyện Tuyên Hóa',
  'Huyện Minh Hóa',
  'Huyện Quảng Ninh',
  'Huyện Lệ Thủy',
] as const;

const area = (code: string, name: string, district: string, over: Partial<AreaFigures> = {}): AreaFigures => ({
  code,
  name,
  district,
  availability: 99.42,
  devices: 24,
  incidents: 5,
  ackCompliance: 100,
  resolveCompliance: 80,
  coverageInstalledPct: 100,
  coverageOperationalPct: 95.5,
  meetsTarget: false,
  ...over,
});

export function sampleReport(): MonthlyReport {
  const dailyAvailability = Array.from({ length: 30 }, (_, i) => ({
    day: `2026-11-${String(i + 1).padStart(2, '0')}`,
    availability: i === 13 ? null : Math.round((99.9 - ((i * 37) % 11) * 0.21 - (i === 20 ? 1.6 : 0)) * 100) / 100,
    dataCoverage: i === 13 ? 0 : 100,
  }));
  return {
    month: '2026-11',
    generatedAt: '2026-12-01T00:05:00Z',
    province: {
      availability: 98.87,
      dataCoverage: 96.67,
      devices: 1284,
      incidents: { total: 57, bySeverity: { critical: 2, major: 11, minor: 39, info: 5 } },
      responseCompliance: { ack: 96.49, resolve: 91.23 },
      coverage: { areasMeetingInstalledPct: 87.5, areasMeetingOperationalPct: 75 },
    },
    areas: [
      area('DH-TT', 'Trung tâm thành phố Đồng Hới – Quảng trường Hồ Chí Minh', 'Thành phố Đồng Hới', { meetsTarget: true, coverageOperationalPct: 100 }),
      area('DH-NL', 'Cảng cá Nhật Lệ', 'Thành phố Đồng Hới', { availability: 97.05, incidents: 12, ackCompliance: 91.67 }),
      area('BD-CH', 'Chợ Ba Đồn', 'Thị xã Ba Đồn', { availability: null, devices: 0, incidents: 0, ackCompliance: null, resolveCompliance: null, coverageInstalledPct: 0, coverageOperationalPct: 0 }),
      area('BT-PN', 'Vườn quốc gia Phong Nha – Kẻ Bàng, bến thuyền Xuân Sơn', 'Huyện Bố Trạch', { meetsTarget: true, coverageOperationalPct: 100 }),
      area('LT-KL', 'Ngã tư Kiến Giang, thị trấn Kiến Giang', 'Huyện Lệ Thủy'),
      area('MH-CL', 'Cửa khẩu Cha Lo (đường 12A)', 'Huyện Minh Hóa', { availability: 92.3 }),
    ],
    contractors: [
      { name: 'Viễn thông Quảng Bình (VNPT)', devices: 702, availability: 99.12, incidents: 31, ackCompliance: 96.77, resolveCompliance: 90.32 },
      { name: 'Công ty TNHH Kỹ thuật Điện tử Đồng Hới', devices: 412, availability: 98.44, incidents: 19, ackCompliance: 94.74, resolveCompliance: 89.47 },
      { name: 'Viettel Quảng Bình', devices: 170, availability: 99.01, incidents: 7, ackCompliance: 100, resolveCompliance: 100 },
    ],
    dailyAvailability,
  };
}

/** A province of `n` key areas with one-line names, spread over the real districts. */
export function largeReport(n: number): MonthlyReport {
  const base = sampleReport();
  const areas = Array.from({ length: n }, (_, i) =>
    area(`KV-${String(i + 1).padStart(4, '0')}`, `Khu vực trọng điểm số ${i + 1}`, DISTRICTS[i % DISTRICTS.length], {
      availability: 95 + (i % 50) / 10,
      incidents: i % 9,
      meetsTarget: i % 3 !== 0,
    }),
  );
  return { ...base, areas };
}
