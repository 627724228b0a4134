// The api explains a bad field or import row in English (problem+json `errors[].message`,
// import issues' `reason`). Technicians read Vietnamese: the reasons they meet most are
// rendered in Vietnamese here, pattern by pattern; any other reason is shown as the api
// wrote it, so nothing is ever hidden. The English original stays available beside it.

type Rule = [RegExp, (m: RegExpExecArray) => string];

const q = (s: string | undefined) => `“${s ?? ''}”`;

const VI_RULES: Rule[] = [
  [/^is required$|^must not be empty$|^Required$/, () => 'bắt buộc, chưa điền'],
  [/^must be 1-64 characters of A-Z/, () => 'chỉ gồm 1–64 ký tự A–Z, a–z, 0–9, “_” hoặc “-”, không bắt đầu bằng “-”'],
  [/^must not start with =, \+, -, @, tab or carriage return/, () => 'không được bắt đầu bằng =, +, -, @, tab hoặc xuống dòng (bảng tính sẽ coi là công thức)'],
  [/^must be at most (\d+) characters$/, (m) => `tối đa ${m[1]} ký tự`],
  [/^already registered$/, () => 'mã này đã được đăng ký'],
  [/^no key area (\S+)$/, (m) => `không có khu vực trọng điểm ${m[1]}`],
  [/^key area (\S+) is outside your scope$/, (m) => `khu vực ${m[1]} nằm ngoài phạm vi được giao cho bạn`],
  [/^no gateway (\S+)$/, (m) => `không có gateway ${m[1]}`],
  [/^gateway (\S+) serves key area (\S+), not (\S+)$/, (m) => `gateway ${m[1]} thuộc khu vực ${m[2]}, không phải ${m[3]}`],
  [/^a device (\S+) is already registered$/, (m) => `thiết bị ${m[1]} đã được đăng ký`],
  [/^serial (.+) is already registered to device (\S+)$/, (m) => `số sê-ri ${m[1]} đã đăng ký cho thiết bị ${m[2]}`],
  [/^key area (\S+) already has a checkpoint (\S+)$/, (m) => `khu vực ${m[1]} đã có điểm giám sát ${m[2]}`],
  [/^lies (.+) outside key area (\S+);/, (m) => `nằm ngoài khu vực ${m[2]} ${m[1]}; vị trí phải ở trong khu vực hoặc sát ranh giới`],
  [/^latitude must be ([≥≤]) (-?[\d.]+)$/, (m) => `vĩ độ phải ${m[1]} ${m[2]}`],
  [/^longitude must be ([≥≤]) (-?[\d.]+)$/, (m) => `kinh độ phải ${m[1]} ${m[2]}`],
  [/^must be ([≥≤<>]) (-?[\d.]+)$/, (m) => `phải ${m[1]} ${m[2]}`],
  [/^must be one of (.+) \(got "(.*)"\)$/, (m) => `phải là một trong: ${m[1]} (đang là ${q(m[2])})`],
  [/^must be a number$/, () => 'phải là một số'],
  [/^must be a whole number of seconds$/, () => 'phải là số giây nguyên'],
  [/^must be a date as YYYY-MM-DD$/, () => 'phải là ngày dạng YYYY-MM-DD (ví dụ 2025-03-15)'],
  [/^at least one purpose/, () => 'cần ít nhất một mục đích: traffic, security'],
  [/^a camera needs its range in metres$/, () => 'camera cần tầm quan sát (mét)'],
  [/^a camera needs a type: (.+)$/, (m) => `camera cần loại: ${m[1]}`],
  [/^a fixed, bullet or ANPR camera needs its field of view in degrees$/, () => 'camera cố định, bullet hoặc ANPR cần góc nhìn (độ)'],
  [/^a camera with a field of view under 360° needs its bearing$/, () => 'camera có góc nhìn dưới 360° cần hướng nhìn'],
  [/^a traffic sensor has no camera type$/, () => 'cảm biến giao thông không có loại camera'],
  [/^the same (\S+) "(.+)" is already on (line|feature) (\d+)$/, (m) => `${m[1]} ${q(m[2])} đã có ở ${m[3] === 'line' ? 'dòng' : 'đối tượng'} ${m[4]}`],
  [/^(\S+) must be a plain decimal number with a dot.*; got "(.*)"$/, (m) => `${m[1]} phải là số thập phân dùng dấu chấm, ví dụ 105.6 (đang là ${q(m[2])})`],
  [/^has (\d+) cells but the header has (\d+) columns/, (m) => `có ${m[1]} ô nhưng dòng tiêu đề có ${m[2]} cột: ô chứa dấu phẩy hoặc xuống dòng phải nằm trong ngoặc kép`],
  [/^required column "(.+)" is missing from the header$/, (m) => `dòng tiêu đề thiếu cột bắt buộc ${q(m[1])} (thêm cột, dù để trống)`],
  [/^unknown column "([^"]+)"; the known columns are: (.+)$/, (m) => `cột ${q(m[1])} không có trong định dạng nhập; các cột hợp lệ: ${m[2]}`],
  [/^column "(.+)" appears twice in the header \(columns (\d+) and (\d+)\)$/, (m) => `cột ${q(m[1])} xuất hiện hai lần ở dòng tiêu đề (cột ${m[2]} và ${m[3]})`],
  [/^column (\d+) has no name in the header/, (m) => `cột thứ ${m[1]} không có tên ở dòng tiêu đề: đặt tên hoặc xoá cột`],
  [/^the columns are separated by ";" instead of ","/, () => 'các cột ngăn cách bằng “;” thay vì “,”: hãy lưu tệp dạng “CSV UTF-8 (Comma delimited)”, hoặc đổi dấu phân cách danh sách thành “,” trong cài đặt vùng'],
  [/^the file is not UTF-8 text/, () => 'tệp không phải văn bản UTF-8: hãy lưu lại dạng “CSV UTF-8 (Comma delimited)” (Excel) hoặc bảng mã Unicode (UTF-8) (LibreOffice)'],
  [/^the file is a spreadsheet workbook/, () => 'đây là tệp bảng tính (.xlsx/.ods), không phải CSV: hãy lưu dạng “CSV UTF-8” rồi nhập tệp đó'],
  [/^the file has (\d+) rows; at most (\d+)/, (m) => `tệp có ${m[1]} dòng; mỗi lần nhập tối đa ${m[2]} dòng, hãy chia thành nhiều tệp`],
  [/^the file is empty/, () => 'tệp rỗng: dòng đầu tiên phải là dòng tiêu đề'],
  [/^the file is not valid JSON/, () => 'tệp không phải JSON hợp lệ'],
  [/^a quoted cell that starts in this row is never closed/, () => 'ô mở ngoặc kép ở dòng này nhưng không đóng lại'],
  [/^text follows the closing quote of a cell/, () => 'có chữ sau dấu ngoặc kép đóng của ô: đặt cả ô trong ngoặc kép'],
  [/^unknown property/, () => 'thuộc tính không hợp lệ'],
];

/** A reason in the user's language: Vietnamese when it is one the screens know, else the api's own words. */
export function reasonText(reason: string, lang: string): string {
  if (lang === 'en') return reason;
  for (const [pattern, render] of VI_RULES) {
    const m = pattern.exec(reason);
    if (m) return render(m);
  }
  return reason;
}

/** Whether the reason has a Vietnamese rendering (else the screen marks the English as such). */
export function hasVietnamese(reason: string): boolean {
  return VI_RULES.some(([pattern]) => pattern.test(reason));
}
