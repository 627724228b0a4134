// The one catalogue: which language a request gets, the platform's sentences in
// Vietnamese with their figures kept, text it does not know left as written, titles.
import { asSentence, capitalize, DEFAULT_LANG, fill, hasTranslation, incidentTitle, langOf, localizeIncident, negotiateLang, problems, translateMessage } from './index';

describe('negotiateLang', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['en;q=0.4, vi;q=0.8', 'vi'],
    ['de', 'vi'],
    ['en;q=0', 'vi'],
    [['en', 'vi'], 'en'],
  ])('%j → %s', (header, lang) => {
    expect(negotiateLang(header as string | string[] | undefined)).toBe(lang);
  });

  it('takes only vi and en from a setting, else the default', () => {
    expect(langOf('en')).toBe('en');
    expect(langOf('vi')).toBe('vi');
    expect(langOf('EN')).toBe(DEFAULT_LANG);
    expect(langOf(undefined)).toBe('vi');
  });
});

describe('translateMessage', () => {
  it('renders known sentences in Vietnamese with their figures, and leaves English alone', () => {
    expect(translateMessage('must be at most 64 characters', 'vi')).toBe('tối đa 64 ký tự');
    expect(translateMessage('key area DH-01 is outside your scope (districts: Ba Đồn)', 'vi')).toBe('khu vực DH-01 nằm ngoài phạm vi được giao cho bạn');
    expect(translateMessage('lies 42 m outside key area DH-01; a device must be inside its area or within 30 m of it', 'vi')).toBe(
      'nằm ngoài khu vực DH-01 42 m; vị trí phải ở trong khu vực hoặc cách ranh giới không quá 30 m',
    );
    expect(translateMessage('must be at most 64 characters', 'en')).toBe('must be at most 64 characters');
  });

  it('translates the parts of composed sentences (timeline notes)', () => {
    expect(translateMessage('device offline: no message for 90 s (heartbeat timeout)', 'vi')).toBe('thiết bị mất kết nối: không có bản tin trong 90 giây (quá thời gian chờ)');
    expect(translateMessage('device offline: gateway went offline; still offline after its gateway came back', 'vi')).toBe(
      'thiết bị mất kết nối: gateway mất kết nối; vẫn mất kết nối sau khi gateway đã kết nối lại',
    );
    expect(translateMessage('tamper detected by the camera (confidence 0.92)', 'vi')).toBe('camera phát hiện bị phá hoại / che chắn (độ tin cậy 0.92)');
    expect(translateMessage('video_loss, tamper started', 'vi')).toBe('bắt đầu: mất tín hiệu hình, phá hoại / che camera');
  });

  it('keeps text it does not know as written: names, operators’ notes', () => {
    expect(translateMessage('Đã cử đội kỹ thuật tới hiện trường', 'vi')).toBe('Đã cử đội kỹ thuật tới hiện trường');
    expect(translateMessage('Cầu Nhật Lệ 2', 'vi')).toBe('Cầu Nhật Lệ 2');
    expect(hasTranslation('Cầu Nhật Lệ 2')).toBe(false);
    expect(hasTranslation('already registered')).toBe(true);
  });

  it('names the invalid fields of a validation detail', () => {
    expect(translateMessage('the request has 2 invalid fields: name, location.lat', 'vi')).toBe('yêu cầu có 2 trường không hợp lệ: name, location.lat');
    expect(translateMessage('the body has 1 invalid field: code', 'vi')).toBe('nội dung có 1 trường không hợp lệ: code');
  });
});

describe('titles', () => {
  it('names an incident by its type and target in either language', () => {
    expect(incidentTitle('vi', 'tamper', { deviceId: 'CAM-DH-001', gatewayId: 'GW-1' })).toBe('Phá hoại / che camera: CAM-DH-001');
    expect(incidentTitle('en', 'gateway_offline', { deviceId: null, gatewayId: 'GW-1' })).toBe('Gateway offline: GW-1');
  });

  it('titles problems by their code', () => {
    expect(problems.vi.validation).toBe('Dữ liệu chưa hợp lệ');
    expect(problems.en.validation).toBe('Some fields are not valid');
  });

  it('makes a message a sentence for a form, once', () => {
    expect(asSentence('đã tồn tại')).toBe('Đã tồn tại.');
    expect(asSentence('Đã tồn tại.')).toBe('Đã tồn tại.');
    expect(capitalize('ùn tắc: 12 xe')).toBe('Ùn tắc: 12 xe');
  });

  it('fills {{placeholders}} as i18next does', () => {
    expect(fill('Chi tiết: {{detail}} ({{n}})', { detail: 'x', n: 2 })).toBe('Chi tiết: x (2)');
    expect(fill('{{missing}}')).toBe('{{missing}}');
  });
});

describe('the sentences technicians and admins meet most (they were the web app’s own tables)', () => {
  const vi = (text: string) => translateMessage(text, 'vi');

  it('keeps the figures of a position outside its key area, and names what is taken', () => {
    expect(vi('lies 1043 m outside key area BD-TT; a device must be inside its area or within 200 m of it')).toBe(
      'nằm ngoài khu vực BD-TT 1043 m; vị trí phải ở trong khu vực hoặc cách ranh giới không quá 200 m',
    );
    expect(vi('serial SN-1 is already registered to device CAM-1')).toBe('số sê-ri SN-1 đã được đăng ký cho thiết bị CAM-1');
    expect(vi('a device CAM-1 is already registered')).toBe('thiết bị CAM-1 đã được đăng ký');
    expect(vi('a user tech.bd already exists')).toBe('đã có người dùng với tên đăng nhập tech.bd');
  });

  it('translates the contracts’ rules and zod’s own sentences', () => {
    expect(vi('Invalid input: expected string, received undefined')).toBe('bắt buộc, không được để trống');
    expect(vi('must be < 360')).toBe('phải nhỏ hơn 360');
    expect(vi('must be ≤ 100')).toBe('không được lớn hơn 100');
    expect(vi('latitude must be ≤ 90')).toBe('vĩ độ không được lớn hơn 90');
    expect(vi('gateway GW-1 serves key area A, not B')).toBe('gateway GW-1 phục vụ khu vực A, không phải B');
    expect(vi('no gateway GW-9')).toBe('không có gateway GW-9 trong sổ đăng ký');
    expect(vi('no key area XX')).toBe('không có khu vực trọng điểm XX');
    expect(vi('Invalid option: expected one of "device"|"gateway"|"area"')).toBe('phải là một trong: device, gateway, area');
    expect(vi('must not start with =, +, -, @, tab or carriage return (spreadsheet formula)')).toContain('công thức');
    expect(vi('must be one of traffic, security (got "parking")')).toBe('phải là một trong: traffic, security (đang là “parking”)');
  });

  it('renders an import’s reasons, the ones that refuse a whole file too', () => {
    expect(vi('the same serial "HK-0002" is already on line 3')).toBe('serial “HK-0002” đã có ở dòng 3');
    expect(vi('lon must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "106,6"')).toBe(
      'lon phải là số thập phân dùng dấu chấm, ví dụ 105.6 (đang là “106,6”)',
    );
    expect(vi('required column "lat" is missing from the header')).toBe('dòng tiêu đề thiếu cột bắt buộc “lat” (thêm cột, dù để trống)');
    expect(vi('unknown column "colour"; the known columns are: area_code, id')).toBe('cột “colour” không có trong định dạng nhập; các cột hợp lệ: area_code, id');
    expect(vi('column 3 has no name in the header: name it or delete the column (known columns: id)')).toBe('cột thứ 3 không có tên ở dòng tiêu đề: đặt tên hoặc xoá cột');
    expect(vi('the columns are separated by ";" instead of ",": save the file as …')).toContain('thay vì “,”');
  });

  it('reads a scoped admin’s refusals', () => {
    expect(vi('you may not grant all areas: your own scope is district Thị xã Ba Đồn')).toContain('toàn tỉnh');
    expect(vi('district "Thành phố Đồng Hới" is outside your scope (districts: Thị xã Ba Đồn)')).toContain('“Thành phố Đồng Hới” nằm ngoài phạm vi');
    expect(vi('you may not widen your own scope: districts: Thị xã Ba Đồn')).toBe('bạn không thể tự mở rộng phạm vi của chính mình');
  });

  it('reads the registry’s reasons for a status change', () => {
    expect(vi('tamper cleared')).toBe('hết tình trạng phá hoại / che chắn');
    expect(vi('tamper, video_loss cleared')).toBe('đã hết: phá hoại / che camera, mất tín hiệu hình');
    expect(vi('gateway went offline')).toBe('gateway mất kết nối');
  });
});

describe('the live view’s refusals', () => {
  it('explains limits and scope in Vietnamese, with the figures', () => {
    expect(translateMessage('one connection may watch at most 50 key areas; it holds 48 and asked for 5 more', 'vi')).toBe(
      'một kết nối chỉ theo dõi tối đa 50 khu vực; đang theo dõi 48, yêu cầu thêm 5',
    );
    expect(translateMessage('unauthorized: the token has expired: refresh it at POST /api/v1/auth/refresh', 'vi')).toBe(
      'chưa xác thực: phiên đăng nhập đã hết hạn: làm mới tại POST /api/v1/auth/refresh',
    );
    expect(translateMessage('areaCodes.0: must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"', 'vi')).toBe(
      'areaCodes.0: chỉ gồm 1–64 ký tự A–Z, a–z, 0–9, “_” hoặc “-”, không bắt đầu bằng “-”',
    );
  });
});

describe('localizeIncident', () => {
  const stored = {
    type: 'device_offline' as const,
    deviceId: 'CAM-DH-001',
    gatewayId: 'GW-DH-01',
    title: 'Device offline: CAM-DH-001',
    resolutionNote: 'device back online',
    timeline: [
      { at: '2026-12-06T01:00:00Z', actor: 'system', action: 'opened', note: 'device offline: no message for 90 s (heartbeat timeout)' },
      { at: '2026-12-06T01:05:00Z', actor: 'op.dh', action: 'commented', note: 'Đã báo đội kỹ thuật' },
    ],
  };

  it('gives the title from the type in the language asked, the system’s notes translated, the operator’s as written', () => {
    const vi = localizeIncident(stored, 'vi');
    expect(vi.title).toBe('Thiết bị mất kết nối: CAM-DH-001');
    expect(vi.resolutionNote).toBe('thiết bị trực tuyến trở lại');
    expect(vi.timeline.map((e) => e.note)).toEqual(['thiết bị mất kết nối: không có bản tin trong 90 giây (quá thời gian chờ)', 'Đã báo đội kỹ thuật']);
    const en = localizeIncident({ ...stored, title: 'Thiết bị mất kết nối: CAM-DH-001' }, 'en');
    expect(en.title).toBe('Device offline: CAM-DH-001');
    expect(en.timeline[0]?.note).toBe(stored.timeline[0]?.note);
  });
});
