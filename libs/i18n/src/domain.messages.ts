// Names of the domain's enums (statuses, severities, incident types, roles …) as users
// read them. Typed by the contracts' enums: a new incident type without a name here fails
// to compile.
import type { DeviceStatus, IncidentStatus, IncidentType, Purpose, ResolutionCode, Role, Severity, DeviceKind, CameraType } from '@ioc/contracts';
import { defineMessages } from './catalogue';

interface DomainMessages {
  deviceStatus: Record<DeviceStatus, string>;
  severity: Record<Severity, string>;
  incidentType: Record<IncidentType, string>;
  incidentStatus: Record<IncidentStatus, string>;
  resolution: Record<ResolutionCode, string>;
  role: Record<Role, string>;
  purpose: Record<Purpose, string>;
  deviceKind: Record<DeviceKind, string>;
  cameraType: Record<CameraType, string>;
  areaState: Record<'critical' | 'offline' | 'degraded' | 'online' | 'unknown' | 'no_devices', string>;
  timelineAction: Record<'opened' | 'repeated' | 'acknowledged' | 'assigned' | 'commented' | 'resolved' | 'auto_resolved' | 'reopened' | 'closed' | 'escalated', string>;
}

const vi: DomainMessages = {
  deviceStatus: { unknown: 'Chưa có tín hiệu', online: 'Trực tuyến', degraded: 'Suy giảm', offline: 'Mất kết nối', decommissioned: 'Đã ngừng sử dụng' },
  severity: { critical: 'Nghiêm trọng', major: 'Cao', minor: 'Thấp', info: 'Thông tin' },
  incidentType: {
    device_offline: 'Thiết bị mất kết nối',
    gateway_offline: 'Gateway mất kết nối',
    video_loss: 'Mất tín hiệu hình',
    tamper: 'Phá hoại / che camera',
    storage_failure: 'Lỗi lưu trữ',
    recording_off: 'Ngừng ghi hình',
    accident: 'Tai nạn giao thông',
    wrong_way: 'Đi ngược chiều',
    intrusion: 'Xâm nhập trái phép',
    crowd: 'Tụ tập đông người',
    illegal_parking: 'Đỗ xe trái phép',
    red_light: 'Vượt đèn đỏ',
    speeding: 'Quá tốc độ',
    congestion: 'Ùn tắc giao thông',
  },
  incidentStatus: { open: 'Mới', acknowledged: 'Đã tiếp nhận', resolved: 'Đã xử lý', closed: 'Đã đóng' },
  resolution: {
    auto_cleared: 'Tự hết',
    fixed_on_site: 'Đã khắc phục tại chỗ',
    false_alarm: 'Báo động giả',
    duplicate: 'Trùng lặp',
    no_action_needed: 'Không cần xử lý',
    referred: 'Chuyển đơn vị khác',
  },
  role: { admin: 'Quản trị', operator: 'Trực ban', technician: 'Kỹ thuật viên', planner: 'Kế hoạch' },
  purpose: { traffic: 'Giao thông', security: 'An ninh' },
  deviceKind: { camera: 'Camera', traffic_sensor: 'Cảm biến giao thông' },
  cameraType: { fixed: 'Cố định', ptz: 'PTZ (quay quét)', dome: 'Dome (bán cầu)', bullet: 'Thân trụ', anpr: 'Nhận dạng biển số' },
  areaState: {
    critical: 'Có sự cố nghiêm trọng',
    offline: 'Có thiết bị mất kết nối',
    degraded: 'Có thiết bị suy giảm',
    online: 'Tất cả trực tuyến',
    unknown: 'Chưa có tín hiệu',
    no_devices: 'Chưa có thiết bị',
  },
  timelineAction: {
    opened: 'Mở',
    repeated: 'Lặp lại',
    acknowledged: 'Tiếp nhận',
    assigned: 'Giao việc',
    commented: 'Ghi chú',
    resolved: 'Xử lý xong',
    auto_resolved: 'Tự hết',
    reopened: 'Mở lại',
    closed: 'Đóng',
    escalated: 'Leo thang',
  },
};

export const domain = defineMessages(vi, {
  deviceStatus: { unknown: 'No signal yet', online: 'Online', degraded: 'Degraded', offline: 'Offline', decommissioned: 'Decommissioned' },
  severity: { critical: 'Critical', major: 'Major', minor: 'Minor', info: 'Info' },
  incidentType: {
    device_offline: 'Device offline',
    gateway_offline: 'Gateway offline',
    video_loss: 'Video loss',
    tamper: 'Tampering',
    storage_failure: 'Storage failure',
    recording_off: 'Recording stopped',
    accident: 'Traffic accident',
    wrong_way: 'Wrong-way driving',
    intrusion: 'Intrusion',
    crowd: 'Crowd',
    illegal_parking: 'Illegal parking',
    red_light: 'Red-light violation',
    speeding: 'Speeding',
    congestion: 'Congestion',
  },
  incidentStatus: { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', closed: 'Closed' },
  resolution: {
    auto_cleared: 'Cleared by itself',
    fixed_on_site: 'Fixed on site',
    false_alarm: 'False alarm',
    duplicate: 'Duplicate',
    no_action_needed: 'No action needed',
    referred: 'Referred to another unit',
  },
  role: { admin: 'Administrator', operator: 'Operator', technician: 'Technician', planner: 'Planner' },
  purpose: { traffic: 'Traffic', security: 'Security' },
  deviceKind: { camera: 'Camera', traffic_sensor: 'Traffic sensor' },
  cameraType: { fixed: 'Fixed', ptz: 'PTZ', dome: 'Dome', bullet: 'Bullet', anpr: 'ANPR' },
  areaState: {
    critical: 'Open critical incident',
    offline: 'Devices offline',
    degraded: 'Devices degraded',
    online: 'All online',
    unknown: 'No signal yet',
    no_devices: 'No devices',
  },
  timelineAction: {
    opened: 'Opened',
    repeated: 'Repeated',
    acknowledged: 'Acknowledged',
    assigned: 'Assigned',
    commented: 'Comment',
    resolved: 'Resolved',
    auto_resolved: 'Cleared by itself',
    reopened: 'Reopened',
    closed: 'Closed',
    escalated: 'Escalated',
  },
});
