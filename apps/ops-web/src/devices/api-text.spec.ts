import { fieldMessage, transitionReason } from './api-text';

describe('the API’s field messages in Vietnamese', () => {
  it('keeps the figures of a position outside its key area', () => {
    expect(fieldMessage('lies 1043 m outside key area BD-TT; a device must be inside its area or within 200 m of it', 'vi')).toBe(
      'Nằm ngoài khu vực BD-TT 1043 m; thiết bị phải nằm trong khu vực hoặc cách ranh giới không quá 200 m',
    );
  });

  it('names a serial or an id already taken', () => {
    expect(fieldMessage('serial SN-1 is already registered to device CAM-1', 'vi')).toBe('Số sê-ri SN-1 đã được đăng ký cho thiết bị CAM-1');
    expect(fieldMessage('a device CAM-1 is already registered', 'vi')).toBe('Mã thiết bị CAM-1 đã được đăng ký');
  });

  it('translates the contract’s rules', () => {
    expect(fieldMessage('Invalid input: expected string, received undefined', 'vi')).toBe('Bắt buộc nhập');
    expect(fieldMessage('must be < 360', 'vi')).toBe('Phải < 360');
    expect(fieldMessage('latitude must be ≤ 90', 'vi')).toBe('Vĩ độ phải ≤ 90');
    expect(fieldMessage('gateway GW-1 serves key area A, not B', 'vi')).toBe('Gateway GW-1 phục vụ khu vực A, không phải B');
    expect(fieldMessage('no gateway GW-9', 'vi')).toBe('Không có gateway GW-9 trong sổ đăng ký');
    expect(fieldMessage('no key area XX', 'vi')).toBe('Không có khu vực trọng điểm XX');
    expect(fieldMessage('Invalid option: expected one of "device"|"gateway"|"area"', 'vi')).toBe('Phải là một trong: device, gateway, area');
  });

  it('shows a sentence it does not know as the API wrote it, and the API’s words in English', () => {
    expect(fieldMessage('a brand new rule', 'vi')).toBe('a brand new rule');
    expect(fieldMessage('must be < 360', 'en')).toBe('must be < 360');
  });
});

describe('why a device’s status changed', () => {
  const names = (c: string) => ({ video_loss: 'Mất tín hiệu hình', tamper: 'Phá hoại / che camera' })[c] ?? c;

  it('reads the registry’s reasons in Vietnamese', () => {
    expect(transitionReason('no message for 90 s (heartbeat timeout)', 'vi', names)).toBe('Không có bản tin trong 90 giây (quá thời gian chờ)');
    expect(transitionReason('video_loss, tamper started', 'vi', names)).toBe('Bắt đầu: Mất tín hiệu hình, Phá hoại / che camera');
    expect(transitionReason('tamper cleared', 'vi', names)).toBe('Đã hết: Phá hoại / che camera');
    expect(transitionReason('gateway went offline', 'vi', names)).toBe('Gateway mất kết nối');
    expect(transitionReason('gateway went offline', 'en', names)).toBe('gateway went offline');
  });
});
