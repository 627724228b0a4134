// The API's own sentences (English, from the contracts' rules, the registry's placement
// checks and the device-status rules) as a Vietnamese user reads them. Known sentences are
// translated with their figures kept (distances, codes, limits); anything else is shown as
// the API wrote it, so a new rule is never hidden. In English the API's words stand.

type Rule = readonly [RegExp, (m: RegExpMatchArray) => string];

const COORD: Record<string, string> = { longitude: 'Kinh độ', latitude: 'Vĩ độ' };
const TARGET: Record<string, string> = { device: 'thiết bị', gateway: 'gateway', area: 'khu vực' };

const FIELD_RULES: readonly Rule[] = [
  [/^Invalid input: expected \w+, received undefined$/, () => 'Bắt buộc nhập'],
  [/^Invalid input: expected number, received \w+$/, () => 'Phải là một số'],
  [/^Invalid input: expected \w+, received \w+$/, () => 'Giá trị không đúng kiểu'],
  [/^Invalid option: expected one of (.+)$/, (m) => `Phải là một trong: ${m[1].replace(/"/g, '').split('|').join(', ')}`],
  [/^Invalid ISO datetime$/, () => 'Thời điểm không hợp lệ'],
  [/^must not be empty$/, () => 'Không được để trống'],
  [/^must be at most (\d+) characters$/, (m) => `Tối đa ${m[1]} ký tự`],
  [/^must not start with =, \+, -, @, tab or carriage return/, () => 'Không được bắt đầu bằng =, +, -, @, tab hoặc ký tự xuống dòng (bảng tính sẽ coi là công thức)'],
  [/^must be 1-64 characters of /, () => 'Gồm 1–64 ký tự A-Z, a-z, 0-9, "_" hoặc "-", không bắt đầu bằng "-"'],
  [/^(longitude|latitude) must be ([<>≤≥]) (-?[\d.]+)$/, (m) => `${COORD[m[1]]} phải ${m[2]} ${m[3]}`],
  [/^must be ([<>≤≥]) (-?[\d.]+)$/, (m) => `Phải ${m[1]} ${m[2]}`],
  [/^must be a date as YYYY-MM-DD$/, () => 'Ngày không hợp lệ (năm-tháng-ngày)'],
  [/^must be a whole number of seconds$/, () => 'Phải là số giây nguyên'],
  [/^must be a whole number$/, () => 'Phải là số nguyên'],
  [/^at least one purpose/, () => 'Chọn ít nhất một mục đích: giao thông, an ninh'],
  [/^a camera needs a type/, () => 'Camera cần có loại'],
  [/^a camera needs its range in metres$/, () => 'Camera cần có tầm xa (mét)'],
  [/^a fixed, bullet or ANPR camera needs its field of view in degrees$/, () => 'Camera cố định, thân trụ hoặc nhận dạng biển số cần có góc nhìn (độ)'],
  [/^a camera with a field of view under 360° needs its bearing$/, () => 'Camera có góc nhìn dưới 360° cần có hướng quay'],
  [/^a traffic sensor has no camera type$/, () => 'Cảm biến giao thông không có loại camera'],
  [
    /^lies (\d+) m outside key area (\S+); a (?:device|checkpoint) must be inside its area or within (\d+) m of it$/,
    (m) => `Nằm ngoài khu vực ${m[2]} ${m[1]} m; thiết bị phải nằm trong khu vực hoặc cách ranh giới không quá ${m[3]} m`,
  ],
  [/^no key area (\S+)$/, (m) => `Không có khu vực trọng điểm ${m[1]}`],
  [/^key area (\S+) is outside your scope$/, (m) => `Khu vực ${m[1]} nằm ngoài phạm vi được giao cho bạn`],
  [/^gateway (\S+) serves key area (\S+), not (\S+)$/, (m) => `Gateway ${m[1]} phục vụ khu vực ${m[2]}, không phải ${m[3]}`],
  [/^a device (\S+) is already registered$/, (m) => `Mã thiết bị ${m[1]} đã được đăng ký`],
  [/^serial (.+) is already registered to device (\S+)$/, (m) => `Số sê-ri ${m[1]} đã được đăng ký cho thiết bị ${m[2]}`],
  [/^must be after startsAt$/, () => 'Phải sau thời điểm bắt đầu'],
  [/^no (device|gateway|area) (\S+)$/, (m) => `Không có ${TARGET[m[1]]} ${m[2]} trong sổ đăng ký`],
];

function translate(rules: readonly Rule[], message: string): string {
  for (const [re, to] of rules) {
    const m = message.match(re);
    if (m) return to(m);
  }
  return message;
}

/** A field message of a problem+json answer, in the user's language. */
export function fieldMessage(message: string, lang: string): string {
  return lang === 'en' ? message : translate(FIELD_RULES, message);
}

/** Names of the degrading conditions, as the domain catalogue's incident types name them. */
export type ConditionName = (condition: string) => string;

/** Why a device's status changed (the registry's `reason`), in the user's language. */
export function transitionReason(reason: string, lang: string, conditionName: ConditionName): string {
  if (lang === 'en') return reason;
  const conditions = (list: string) => list.split(', ').map(conditionName).join(', ');
  return translate(
    [
      [/^status received$/, () => 'Nhận bản tin trạng thái'],
      [/^reported offline by its gateway$/, () => 'Gateway báo thiết bị ngoại tuyến'],
      [/^event received$/, () => 'Nhận sự kiện'],
      [/^telemetry received$/, () => 'Nhận dữ liệu đo'],
      [/^no message for (\d+) s \(heartbeat timeout\)$/, (m) => `Không có bản tin trong ${m[1]} giây (quá thời gian chờ)`],
      [/^gateway went offline$/, () => 'Gateway mất kết nối'],
      [/^decommissioned$/, () => 'Ngừng sử dụng'],
      [/^(.+) started$/, (m) => `Bắt đầu: ${conditions(m[1])}`],
      [/^(.+) cleared$/, (m) => `Đã hết: ${conditions(m[1])}`],
    ],
    reason,
  );
}
