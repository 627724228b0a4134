// The columns and yes/no cells of the CSV exports (coverage, the monthly report's four
// files), as a person reads them. Vietnamese by default, with the wording of the XLSX
// sheets; with `lang=en` the stable snake_case names scripts rely on, and yes/no.
import type { Lang } from './lang';

const VI: Readonly<Record<string, string>> = {
  month: 'Tháng',
  day: 'Ngày',
  area_code: 'Mã khu vực',
  area_name: 'Khu vực trọng điểm',
  district: 'Huyện / thị xã / thành phố',
  areas: 'Số khu vực',
  devices: 'Thiết bị',
  contractor: 'Nhà thầu bảo trì',
  target_pct: 'Chỉ tiêu (%)',
  checkpoints: 'Điểm giám sát',
  traffic_checkpoints: 'Điểm giao thông',
  traffic_installed_pct: 'Giao thông: phủ theo lắp đặt (%)',
  traffic_operational_pct: 'Giao thông: phủ theo hoạt động (%)',
  security_checkpoints: 'Điểm an ninh trật tự',
  security_installed_pct: 'An ninh: phủ theo lắp đặt (%)',
  security_operational_pct: 'An ninh: phủ theo hoạt động (%)',
  meets_target: 'Đạt chỉ tiêu',
  meets_target_installed: 'Đạt chỉ tiêu (lắp đặt)',
  meets_target_operational: 'Đạt chỉ tiêu (hoạt động)',
  coverage_installed_pct: 'Độ phủ, lắp đặt (%)',
  coverage_operational_pct: 'Độ phủ, hoạt động (%)',
  areas_meeting_target_installed_pct: 'Khu vực đạt chỉ tiêu, lắp đặt (%)',
  areas_meeting_target_operational_pct: 'Khu vực đạt chỉ tiêu, hoạt động (%)',
  availability_pct: 'Tỷ lệ sẵn sàng (%)',
  data_coverage_pct: 'Độ phủ số liệu (%)',
  incidents: 'Sự cố',
  incidents_critical: 'Sự cố nghiêm trọng',
  incidents_major: 'Sự cố lớn',
  incidents_minor: 'Sự cố nhỏ',
  incidents_info: 'Sự cố thông tin',
  ack_compliance_pct: 'Tiếp nhận đúng hạn (%)',
  resolve_compliance_pct: 'Xử lý đúng hạn (%)',
};

/** A CSV column's header in `lang` (English: its stable name). */
export function columnHeader(name: string, lang: Lang): string {
  return lang === 'en' ? name : (VI[name] ?? name);
}

/** Whether the catalogue names the column (a test keeps every export's columns named). */
export function hasColumnHeader(name: string): boolean {
  return name in VI;
}

/** A yes/no cell in `lang`. */
export function yesNo(value: boolean, lang: Lang): string {
  if (lang === 'en') return value ? 'yes' : 'no';
  return value ? 'Có' : 'Không';
}
