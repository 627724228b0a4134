// The platform's own sentences, as the services write them (English, the language of the
// code, the logs and the stored records), in Vietnamese. Every edge a person reads from
// (the api's problem+json and responses, realtime's pushes and errors, the web app)
// renders them with `translateMessage(text, lang)`. Known sentences are translated with
// their figures kept (distances, codes, limits); any other text (a name, an operator's
// note, a rule added without a sentence here) is shown as written, so nothing is hidden.
// The rules are tried in order: the most specific first.
import type { Lang } from './lang';

/** Renders a match; `tr` translates a part that is itself a sentence of this table. */
type Render = (m: RegExpExecArray, tr: (text: string) => string) => string;
type Rule = readonly [RegExp, Render];

const q = (s: string | undefined) => `“${s ?? ''}”`;
const COORD: Record<string, string> = { longitude: 'kinh độ', latitude: 'vĩ độ' };
const TARGET: Record<string, string> = { device: 'thiết bị', gateway: 'gateway', area: 'khu vực' };
const COMPARE: Record<string, string> = { '<': 'phải nhỏ hơn', '>': 'phải lớn hơn', '≤': 'không được lớn hơn', '≥': 'không được nhỏ hơn' };
const WHERE: Record<string, string> = { request: 'yêu cầu', body: 'nội dung', query: 'tham số truy vấn', path: 'đường dẫn', file: 'tệp' };
const CONDITION: Record<string, string> = {
  video_loss: 'mất tín hiệu hình',
  tamper: 'phá hoại / che camera',
  storage_failure: 'lỗi lưu trữ',
  recording_off: 'ngừng ghi hình',
};
const conditions = (list: string) => list.split(', ').map((c) => CONDITION[c] ?? c).join(', ');

const RULES: readonly Rule[] = [
  // ── The api's own problem details ─────────────────────────────────────────────────
  [/^the (\w+) has (\d+) invalid fields?: (.*)$/, (m) => `${WHERE[m[1] ?? ''] ?? m[1]} có ${m[2]} trường không hợp lệ: ${m[3]}`],
  [/^the service that answers this request is not reachable; try again shortly$/, () => 'dịch vụ xử lý yêu cầu này tạm thời không phản hồi; vui lòng thử lại sau ít phút'],
  [/^a service failed to answer; the error is in its log$/, () => 'một dịch vụ không trả lời được; lỗi đã được ghi vào nhật ký của dịch vụ'],
  [/^internal error; it is in the api log$/, () => 'lỗi hệ thống; lỗi đã được ghi vào nhật ký'],
  [/^no route (\S+) (\S+)$/, (m) => `không có đường dẫn ${m[1]} ${m[2]}`],
  [/^Cannot (\S+) (\S+)$/, (m) => `không có đường dẫn ${m[1]} ${m[2]}`],
  [/^the body is not valid: (.+)$/, (m) => `nội dung yêu cầu không hợp lệ: ${m[1]}`],
  [/^request entity too large$/, () => 'dữ liệu gửi lên quá lớn'],
  [/^the answer is (\d+) bytes, over the bus limit of (\d+); ask for less \(a page or a filter\)$/, (m) => `câu trả lời dài ${m[1]} byte, vượt giới hạn ${m[2]} byte của hệ thống; hãy yêu cầu ít hơn (theo trang hoặc có bộ lọc)`],
  // ── Sign-in and tokens ─────────────────────────────────────────────────────────────
  [/^no token: log in at POST \/api\/v1\/auth\/login.*$/, () => 'chưa đăng nhập: đăng nhập tại POST /api/v1/auth/login rồi gửi "Authorization: Bearer <accessToken>"'],
  [/^the token has expired: refresh it at POST \/api\/v1\/auth\/refresh$/, () => 'phiên đăng nhập đã hết hạn: làm mới tại POST /api/v1/auth/refresh'],
  [/^the token is not valid$/, () => 'mã phiên đăng nhập không hợp lệ'],
  [/^the token's claims are not valid: (.+)$/, (m) => `nội dung mã phiên không hợp lệ: ${m[1]}`],
  [/^wrong username or password$/, () => 'sai tên đăng nhập hoặc mật khẩu'],
  [/^account (\S+) is disabled; ask an administrator$/, (m) => `tài khoản ${m[1]} đã bị vô hiệu hoá; hãy liên hệ quản trị viên`],
  [/^too many failed sign-ins for (user|address) (\S+): locked until ([^;\s]+).*$/, (m) => `đăng nhập sai quá nhiều lần (${m[1] === 'user' ? 'tài khoản' : 'địa chỉ'} ${m[2]}): tạm khoá đến ${m[3]}; hãy thử lại sau, hoặc nhờ quản trị viên mở khoá`],
  [/^sign-in is unavailable while its throttle store \(Redis\) cannot be reached: (.+)$/, () => 'tạm thời không đăng nhập được: kho đếm lượt đăng nhập (Redis) không phản hồi'],
  // ── Roles and scopes ───────────────────────────────────────────────────────────────
  [/^an? (\w+) may not (.+)$/, (m) => `vai trò ${m[1]} không được phép: ${m[2]}`],
  [/^you may not widen your own scope: .*$/, () => 'bạn không thể tự mở rộng phạm vi của chính mình'],
  [/^you may not grant all areas.*$/, () => 'bạn không thể cấp quyền trên toàn tỉnh: phạm vi của bạn chỉ gồm một phần các khu vực'],
  [/^moving key area (\S+) to district "(.+)" would take it outside your scope.*$/, (m) => `chuyển khu vực ${m[1]} sang ${q(m[2])} sẽ đưa khu vực ra ngoài phạm vi của bạn`],
  [/^district "(.+)" is outside your scope \(.+\): you may create key areas only within it$/, (m) => `huyện/thị ${q(m[1])} nằm ngoài phạm vi của bạn: bạn chỉ có thể tạo khu vực trọng điểm trong phạm vi mình quản lý`],
  [/^district "(.+)" is outside your scope.*$/, (m) => `huyện/thị ${q(m[1])} nằm ngoài phạm vi của bạn: bạn chỉ có thể cấp quyền trong phạm vi mình có`],
  [/^district (.+) has no key area in your scope$/, (m) => `huyện/thị ${m[1]} không có khu vực nào trong phạm vi của bạn`],
  [/^(?:areaCode: )?key area (\S+) is outside your scope(?: \(.+\))?$/, (m) => `khu vực ${m[1]} nằm ngoài phạm vi được giao cho bạn`],
  [/^no key area of yours lies in a district named "(.+)"$/, (m) => `không có khu vực nào của bạn thuộc huyện/thị ${q(m[1])}`],
  [/^no key area lies in a district named "(.+)"$/, (m) => `không có khu vực trọng điểm nào thuộc ${q(m[1])}`],
  [/^a scope needs all: true.*$/, () => 'phạm vi phải là toàn tỉnh, hoặc có ít nhất một huyện hoặc một khu vực'],
  [/^you cannot disable yourself or take away your own admin role$/, () => 'bạn không thể tự vô hiệu hoá tài khoản của mình hoặc bỏ vai trò quản trị của chính mình'],
  [/^(province reports|the province trend) needs? a scope of all areas$/, (m) => `${m[1] === 'province reports' ? 'báo cáo toàn tỉnh' : 'xu hướng toàn tỉnh'} cần phạm vi toàn tỉnh`],
  [/^(\w+) figures need a scope of all areas; ask per area$/, () => 'số liệu này cần phạm vi toàn tỉnh; hãy xem theo từng khu vực'],
  // ── The live view (Socket.IO) ──────────────────────────────────────────────────────
  [/^not found: this server serves only the (\S+) namespace$/, (m) => `không tìm thấy: máy chủ này chỉ phục vụ không gian ${m[1]}`],
  [/^unauthorized: (.+)$/, (m, tr) => `chưa xác thực: ${tr(m[1] ?? '')}`],
  [/^forbidden: the role (\S+) may not watch the live view$/, (m) => `không có quyền: vai trò ${m[1]} không được xem màn hình trực tiếp`],
  [/^unknown key areas: (.+)$/, (m) => `không có khu vực trọng điểm: ${m[1]}`],
  [/^key areas outside your scope: (.+) \(your scope: .+\)$/, (m) => `các khu vực nằm ngoài phạm vi của bạn: ${m[1]}`],
  [/^too many messages: at most (\d+) at once and (\d+) a second on one connection; wait and retry$/, (m) => `gửi quá nhiều: tối đa ${m[1]} tin một lúc và ${m[2]} tin mỗi giây trên một kết nối; hãy chờ rồi thử lại`],
  [/^a subscription is already being answered on this connection \(at most (\d+) at once\): wait for its answer$/, (m) => `kết nối này đang có yêu cầu theo dõi chờ trả lời (tối đa ${m[1]} cùng lúc): hãy chờ kết quả`],
  [/^one connection may watch at most (\d+) key areas; it holds (\d+) and asked for (\d+) more$/, (m) => `một kết nối chỉ theo dõi tối đa ${m[1]} khu vực; đang theo dõi ${m[2]}, yêu cầu thêm ${m[3]}`],
  [/^snapshot unavailable: (.+)$/, (m) => `chưa lấy được ảnh chụp trạng thái: ${m[1]}`],
  // ── The register ───────────────────────────────────────────────────────────────────
  [/^a user (\S+) already exists$/, (m) => `đã có người dùng với tên đăng nhập ${m[1]}`],
  [/^a key area (\S+) already exists$/, (m) => `đã có khu vực trọng điểm mã ${m[1]}`],
  [/^a gateway (\S+) is already registered$/, (m) => `gateway ${m[1]} đã được đăng ký`],
  [/^a device (\S+) is already registered$/, (m) => `thiết bị ${m[1]} đã được đăng ký`],
  [/^device (\S+) or serial (.+) is already registered$/, (m) => `thiết bị ${m[1]} hoặc số sê-ri ${m[2]} đã được đăng ký`],
  [/^serial (.+) is already registered to device (\S+)$/, (m) => `số sê-ri ${m[1]} đã được đăng ký cho thiết bị ${m[2]}`],
  [/^key area (\S+) already has a checkpoint (\S+)$/, (m) => `khu vực ${m[1]} đã có điểm giám sát ${m[2]}`],
  [/^gateway (\S+) serves key area (\S+), not (\S+)$/, (m) => `gateway ${m[1]} phục vụ khu vực ${m[2]}, không phải ${m[3]}`],
  [/^gateway (\S+) has no active credentials \((.+)\)$/, (m) => `gateway ${m[1]} không có thông tin đăng nhập đang hiệu lực (${m[2]})`],
  [/^the MQTT broker did not apply the credentials change, nothing was changed: (.+)$/, (m) => `máy chủ MQTT không áp dụng thay đổi thông tin đăng nhập, chưa có gì bị thay đổi: ${m[1]}`],
  [/^device (\S+) was already decommissioned on (\S+)$/, (m) => `thiết bị ${m[1]} đã ngừng sử dụng từ ${m[2]}`],
  [/^device (\S+) was decommissioned on (\S+); it cannot change$/, (m) => `thiết bị ${m[1]} đã ngừng sử dụng từ ${m[2]}; không thể thay đổi`],
  [/^no key area (\S+)$/, (m) => `không có khu vực trọng điểm ${m[1]}`],
  [/^no (device|gateway|area) (\S+)(?: in the register)?$/, (m) => `không có ${TARGET[m[1] ?? '']} ${m[2]} trong sổ đăng ký`],
  [/^no user ?(\S*)$/, (m) => `không có người dùng ${m[1]}`.trimEnd()],
  [/^no import (\S+)$/, (m) => `không có lượt nhập ${m[1]}`],
  [/^(?:boundary: )?not a valid polygon:? \(?(.+?)\)?$/, (m) => `ranh giới không phải là đa giác hợp lệ (${m[1]})`],
  [/^a ring needs at least 4 positions$/, () => 'ranh giới cần ít nhất 3 đỉnh (4 toạ độ, điểm cuối trùng điểm đầu)'],
  [/^a ring must be closed.*$/, () => 'ranh giới phải khép kín'],
  [/^exactly one ring.*$/, () => 'ranh giới chỉ được có một vòng (không hỗ trợ lỗ)'],
  [/^(?:location: )?lies (.+) outside key area (\S+); a (?:device|checkpoint) must be inside its area or within (.+) of it$/, (m) => `nằm ngoài khu vực ${m[2]} ${m[1]}; vị trí phải ở trong khu vực hoặc cách ranh giới không quá ${m[3]}`],
  [/^checkpoint vanished$/, () => 'điểm giám sát không còn trong sổ đăng ký'],
  [/^device vanished$/, () => 'thiết bị không còn trong sổ đăng ký'],
  // ── Fields (the contracts' rules, then zod's own sentences) ─────────────────────────
  [/^(?:is required|must not be empty|Required)$/, () => 'bắt buộc, không được để trống'],
  [/^Invalid input: expected \w+, received (?:undefined|null)$/, () => 'bắt buộc, không được để trống'],
  [/^Invalid input: expected number, received \w+$/, () => 'phải là một số'],
  [/^Invalid input: expected string, received \w+$/, () => 'phải là văn bản'],
  [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `sai kiểu dữ liệu (cần ${m[1]}, nhận được ${m[2]})`],
  [/^Invalid option: expected one of (.+)$/, (m) => `phải là một trong: ${(m[1] ?? '').replace(/"/g, '').split('|').join(', ')}`],
  [/^must be one of (.+) \(got "(.*)"\)$/, (m) => `phải là một trong: ${m[1]} (đang là ${q(m[2])})`],
  [/^Invalid ISO datetime$/, () => 'thời điểm không hợp lệ (dạng ISO 8601, ví dụ 2026-12-06T08:00:00+07:00)'],
  [/^Invalid UUID$/, () => 'mã định danh (UUID) không hợp lệ'],
  [/^Unrecognized keys?: (.+)$/, (m) => `trường không được hỗ trợ: ${m[1]}`],
  [/^Too small: expected (?:string|array) to have >=?(\d+) (?:characters|items)$/, (m) => `cần ít nhất ${m[1]}`],
  [/^Too big: expected string to have <=?(\d+) characters$/, (m) => `tối đa ${m[1]} ký tự`],
  [/^Too small: expected number to be >(=?)(-?[\d.]+)$/, (m) => `phải ${m[1] ? '≥' : '>'} ${m[2]}`],
  [/^Too big: expected number to be <(=?)(-?[\d.]+)$/, (m) => `phải ${m[1] ? '≤' : '<'} ${m[2]}`],
  [/^must be 3-64 characters of a-z, 0-9.*$/, () => 'phải gồm 3–64 ký tự: chữ thường không dấu a–z, số 0–9, dấu chấm, gạch dưới hoặc gạch ngang (không có khoảng trắng)'],
  [/^must be 1-64 characters of A-Z.*$/, () => 'chỉ gồm 1–64 ký tự A–Z, a–z, 0–9, “_” hoặc “-”, không bắt đầu bằng “-”'],
  [/^must not start with =, \+, -, @, tab or carriage return.*$/, () => 'không được bắt đầu bằng =, +, -, @, tab hoặc xuống dòng (bảng tính sẽ hiểu là công thức)'],
  [/^must be at least (\d+) characters$/, (m) => `phải có ít nhất ${m[1]} ký tự`],
  [/^must be at most (\d+) characters$/, (m) => `tối đa ${m[1]} ký tự`],
  [/^(longitude|latitude) must be ([<>≤≥]) (-?[\d.]+)$/, (m) => `${COORD[m[1] ?? '']} ${COMPARE[m[2] ?? '']} ${m[3]}`],
  [/^must be ([<>≤≥]) (-?[\d.]+)$/, (m) => `${COMPARE[m[1] ?? '']} ${m[2]}`],
  [/^already exists$/, () => 'đã tồn tại'],
  [/^already registered$/, () => 'mã này đã được đăng ký'],
  [/^must be a number$/, () => 'phải là một số'],
  [/^must be a whole number of seconds$/, () => 'phải là số giây nguyên'],
  [/^must be a whole number$/, () => 'phải là số nguyên'],
  [/^must be a date as YYYY-MM-DD$/, () => 'phải là ngày dạng YYYY-MM-DD (ví dụ 2026-03-15)'],
  [/^must be after startsAt$/, () => 'phải sau thời điểm bắt đầu'],
  [/^at least one purpose.*$/, () => 'cần ít nhất một mục đích: giao thông (traffic), an ninh (security)'],
  [/^a camera needs a type: (.+)$/, (m) => `camera cần có loại: ${m[1]}`],
  [/^a camera needs a type.*$/, () => 'camera cần có loại'],
  [/^a camera needs its range in metres$/, () => 'camera cần có tầm quan sát (mét)'],
  [/^a fixed, bullet or ANPR camera needs its field of view in degrees$/, () => 'camera cố định, thân trụ hoặc nhận dạng biển số cần có góc nhìn (độ)'],
  [/^a camera with a field of view under 360° needs its bearing$/, () => 'camera có góc nhìn dưới 360° cần có hướng quay'],
  [/^a traffic sensor has no camera type$/, () => 'cảm biến giao thông không có loại camera'],
  // ── Imports ────────────────────────────────────────────────────────────────────────
  [/^the same (\S+) "(.+)" is already on (line|feature) (\d+)$/, (m) => `${m[1]} ${q(m[2])} đã có ở ${m[3] === 'line' ? 'dòng' : 'đối tượng'} ${m[4]}`],
  [/^(\S+) must be a plain decimal number with a dot.*; got "(.*)"$/, (m) => `${m[1]} phải là số thập phân dùng dấu chấm, ví dụ 105.6 (đang là ${q(m[2])})`],
  [/^has (\d+) cells but the header has (\d+) columns.*$/, (m) => `có ${m[1]} ô nhưng dòng tiêu đề có ${m[2]} cột: ô chứa dấu phẩy hoặc xuống dòng phải nằm trong ngoặc kép`],
  [/^required column "(.+)" is missing from the header$/, (m) => `dòng tiêu đề thiếu cột bắt buộc ${q(m[1])} (thêm cột, dù để trống)`],
  [/^unknown column "([^"]+)"; the known columns are: (.+)$/, (m) => `cột ${q(m[1])} không có trong định dạng nhập; các cột hợp lệ: ${m[2]}`],
  [/^column "(.+)" appears twice in the header \(columns (\d+) and (\d+)\)$/, (m) => `cột ${q(m[1])} xuất hiện hai lần ở dòng tiêu đề (cột ${m[2]} và ${m[3]})`],
  [/^column (\d+) has no name in the header.*$/, (m) => `cột thứ ${m[1]} không có tên ở dòng tiêu đề: đặt tên hoặc xoá cột`],
  [/^the columns are separated by ";" instead of ",".*$/, () => 'các cột ngăn cách bằng “;” thay vì “,”: hãy lưu tệp dạng “CSV UTF-8 (Comma delimited)”, hoặc đổi dấu phân cách danh sách thành “,” trong cài đặt vùng'],
  [/^the file is not UTF-8 text.*$/, () => 'tệp không phải văn bản UTF-8: hãy lưu lại dạng “CSV UTF-8 (Comma delimited)” (Excel) hoặc bảng mã Unicode (UTF-8) (LibreOffice)'],
  [/^the file is a spreadsheet workbook.*$/, () => 'đây là tệp bảng tính (.xlsx/.ods), không phải CSV: hãy lưu dạng “CSV UTF-8” rồi nhập tệp đó'],
  [/^the file has (\d+) rows; at most (\d+).*$/, (m) => `tệp có ${m[1]} dòng; mỗi lần nhập tối đa ${m[2]} dòng, hãy chia thành nhiều tệp`],
  [/^the file is empty.*$/, () => 'tệp rỗng: dòng đầu tiên phải là dòng tiêu đề'],
  [/^the file is not valid JSON.*$/, () => 'tệp không phải JSON hợp lệ'],
  [/^a quoted cell that starts in this row is never closed.*$/, () => 'ô mở ngoặc kép ở dòng này nhưng không đóng lại'],
  [/^text follows the closing quote of a cell.*$/, () => 'có chữ sau dấu ngoặc kép đóng của ô: đặt cả ô trong ngoặc kép'],
  [/^unknown property.*$/, () => 'thuộc tính không hợp lệ'],
  // ── Incidents, maintenance, reports ───────────────────────────────────────────────
  [/^no incident (\S+)$/, (m) => `không có sự cố ${m[1]}`],
  [/^incident (\S+) (?:was )?changed meanwhile.*$/, (m) => `sự cố ${m[1]} vừa được người khác thay đổi; hãy tải lại rồi thử lại`],
  [/^no maintenance window (\S+)$/, (m) => `không có lịch bảo trì ${m[1]}`],
  [/^maintenance window (\S+) is already over$/, (m) => `lịch bảo trì ${m[1]} đã kết thúc`],
  [/^note: a comment needs text$/, () => 'cần nhập nội dung bình luận'],
  [/^(\S+) has not begun$/, (m) => `tháng ${m[1]} chưa bắt đầu`],
  [/^no report for (\S+) yet: make it with POST \/api\/v1\/reports$/, (m) => `chưa có báo cáo tháng ${m[1]}: hãy lập báo cáo (POST /api/v1/reports)`],
  [/^the report queue is not ready yet$/, () => 'hàng đợi lập báo cáo chưa sẵn sàng'],
  // ── What happened to a device or a gateway (timeline notes, transition reasons) ─────
  [/^(.+); (.+)$/, (m, tr) => `${tr(m[1] ?? '')}; ${tr(m[2] ?? '')}`],
  [/^still offline after its gateway came back$/, () => 'vẫn mất kết nối sau khi gateway đã kết nối lại'],
  [/^still standing after the maintenance window$/, () => 'vẫn còn sau khi hết lịch bảo trì'],
  [/^gateway (\S+) offline \(its connection to the broker was lost or closed\)$/, (m) => `gateway ${m[1]} mất kết nối (kết nối tới máy chủ MQTT bị mất hoặc bị đóng)`],
  [/^gateway (\S+) back online$/, (m) => `gateway ${m[1]} kết nối lại`],
  [/^device offline: (.+)$/, (m, tr) => `thiết bị mất kết nối: ${tr(m[1] ?? '')}`],
  [/^device back, degraded \((.+)\)$/, (m, tr) => `thiết bị có tín hiệu lại nhưng suy giảm (${tr(m[1] ?? '')})`],
  [/^device back online$/, () => 'thiết bị trực tuyến trở lại'],
  [/^device decommissioned$/, () => 'thiết bị ngừng sử dụng'],
  [/^(.+) \(confidence ([\d.]+)(?:, plate (.+))?\)$/, (m, tr) => `${tr(m[1] ?? '')} (độ tin cậy ${m[2]}${m[3] ? `, biển số ${m[3]}` : ''})`],
  [/^(.+) \(plate (.+)\)$/, (m, tr) => `${tr(m[1] ?? '')} (biển số ${m[2]})`],
  [/^congestion: (.+) \((.+)\)$/, (m, tr) => `ùn tắc: ${tr(m[1] ?? '')} (${tr(m[2] ?? '')})`],
  [/^traffic flowing: (.+) \((.+)\)$/, (m, tr) => `giao thông thông suốt: ${tr(m[1] ?? '')} (${tr(m[2] ?? '')})`],
  [/^lane (\S+), all vehicles$/, (m) => `làn ${m[1]}, mọi phương tiện`],
  [/^lane (\S+), (.+)$/, (m) => `làn ${m[1]}, ${m[2]}`],
  [/^(.*) over (\d+) s$/, (m) => `${(m[1] ?? '').replace(/occupancy/g, 'chiếm dụng').replace(/average speed/g, 'tốc độ trung bình').replace(/vehicles/g, 'xe')} trong ${m[2]} giây`],
  [/^device offline$/, () => 'thiết bị mất kết nối'],
  [/^gateway offline$/, () => 'gateway mất kết nối'],
  [/^video signal lost$/, () => 'mất tín hiệu hình'],
  [/^video back$/, () => 'có tín hiệu hình trở lại'],
  [/^tamper detected by the camera$/, () => 'camera phát hiện bị phá hoại / che chắn'],
  [/^tamper cleared$/, () => 'hết tình trạng phá hoại / che chắn'],
  [/^storage failure reported$/, () => 'báo lỗi lưu trữ'],
  [/^storage working again$/, () => 'lưu trữ hoạt động trở lại'],
  [/^recording stopped$/, () => 'ngừng ghi hình'],
  [/^recording again$/, () => 'ghi hình trở lại'],
  [/^accident detected$/, () => 'phát hiện tai nạn'],
  [/^accident cleared$/, () => 'tai nạn đã được giải toả'],
  [/^wrong-way vehicle detected$/, () => 'phát hiện xe đi ngược chiều'],
  [/^wrong-way vehicle gone$/, () => 'xe đi ngược chiều đã rời đi'],
  [/^intrusion detected$/, () => 'phát hiện xâm nhập'],
  [/^intrusion over$/, () => 'hết xâm nhập'],
  [/^crowd detected$/, () => 'phát hiện tụ tập đông người'],
  [/^crowd dispersed$/, () => 'đám đông đã giải tán'],
  [/^illegal parking detected$/, () => 'phát hiện đỗ xe trái phép'],
  [/^illegally parked vehicle gone$/, () => 'xe đỗ trái phép đã rời đi'],
  [/^red-light violation detected$/, () => 'phát hiện vượt đèn đỏ'],
  [/^red-light violation over$/, () => 'hết vi phạm vượt đèn đỏ'],
  [/^speeding detected$/, () => 'phát hiện chạy quá tốc độ'],
  [/^speeding over$/, () => 'hết vi phạm tốc độ'],
  [/^congestion detected by video analytics$/, () => 'phân tích hình ảnh phát hiện ùn tắc'],
  [/^traffic flowing again$/, () => 'giao thông thông suốt trở lại'],
  [/^status received$/, () => 'nhận bản tin trạng thái'],
  [/^reported offline by its gateway$/, () => 'gateway báo thiết bị mất kết nối'],
  [/^event received$/, () => 'nhận sự kiện'],
  [/^telemetry received$/, () => 'nhận dữ liệu đo'],
  [/^no message for (\d+) s \(heartbeat timeout\)$/, (m) => `không có bản tin trong ${m[1]} giây (quá thời gian chờ)`],
  [/^gateway went offline$/, () => 'gateway mất kết nối'],
  [/^decommissioned$/, () => 'ngừng sử dụng'],
  [/^([a-z_, ]+) started$/, (m) => `bắt đầu: ${conditions(m[1] ?? '')}`],
  [/^([a-z_, ]+) cleared$/, (m) => `đã hết: ${conditions(m[1] ?? '')}`],
  // Last: a field's path before its message (formatIssues), the message translated.
  [/^([\w.]+): (.+)$/, (m, tr) => `${m[1]}: ${tr(m[2] ?? '')}`],
];

function render(text: string, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const trimmed = text.trim();
  for (const [pattern, to] of RULES) {
    const m = pattern.exec(trimmed);
    if (m) return to(m, (part) => render(part, depth + 1) ?? part);
  }
  return undefined;
}

/** One of the platform's sentences in `lang`: Vietnamese when this table knows it, else as written. */
export function translateMessage(text: string, lang: Lang): string {
  if (lang === 'en' || !text) return text;
  return render(text, 0) ?? text;
}

/** The text with a capital first letter (a message shown on its own line). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** The text as a sentence: a capital first letter and a full stop (a form's field error). */
export function asSentence(text: string): string {
  const t = capitalize(text.trim());
  return /[.!?…:]$/.test(t) || t === '' ? t : `${t}.`;
}

/** Whether the table has a Vietnamese rendering of the sentence (the web app marks others as English). */
export function hasTranslation(text: string): boolean {
  return render(text, 0) !== undefined;
}
