import { hasVietnamese, reasonText } from './reason-text';

describe('reasons in Vietnamese', () => {
  it('renders the reasons technicians meet most', () => {
    expect(reasonText('must not start with =, +, -, @, tab or carriage return (spreadsheet formula)', 'vi')).toContain('công thức');
    expect(reasonText('latitude must be ≤ 90', 'vi')).toBe('vĩ độ phải ≤ 90');
    expect(reasonText('must be one of traffic, security (got "parking")', 'vi')).toBe('phải là một trong: traffic, security (đang là “parking”)');
    expect(reasonText('no gateway GW-NOPE', 'vi')).toBe('không có gateway GW-NOPE');
    expect(reasonText('already registered', 'vi')).toBe('mã này đã được đăng ký');
    expect(reasonText('the same serial "HK-0002" is already on line 3', 'vi')).toBe('serial “HK-0002” đã có ở dòng 3');
    expect(reasonText('lon must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "106,6"', 'vi')).toBe(
      'lon phải là số thập phân dùng dấu chấm, ví dụ 105.6 (đang là “106,6”)',
    );
  });

  it('renders the header problems that refuse a whole file', () => {
    expect(reasonText('required column "lat" is missing from the header', 'vi')).toBe('dòng tiêu đề thiếu cột bắt buộc “lat” (thêm cột, dù để trống)');
    expect(reasonText('unknown column "colour"; the known columns are: area_code, id', 'vi')).toBe('cột “colour” không có trong định dạng nhập; các cột hợp lệ: area_code, id');
    expect(reasonText('column 3 has no name in the header: name it or delete the column (known columns: id)', 'vi')).toBe('cột thứ 3 không có tên ở dòng tiêu đề: đặt tên hoặc xoá cột');
    expect(reasonText('the columns are separated by ";" instead of ",": save the file as …', 'vi')).toContain('thay vì “,”');
  });

  it('shows any other reason as the api wrote it, and English as is', () => {
    expect(reasonText('something new the api says', 'vi')).toBe('something new the api says');
    expect(hasVietnamese('something new the api says')).toBe(false);
    expect(reasonText('latitude must be ≤ 90', 'en')).toBe('latitude must be ≤ 90');
  });
});
