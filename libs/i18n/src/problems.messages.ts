// The API's problem+json answers as users read them: the title by the problem's type
// (docs/api-errors.md), then the API's own detail, and the field list with the fields'
// names from the form that sent them.
import { defineMessages } from './catalogue';

export const problems = defineMessages(
  {
    bad_request: 'Yêu cầu không hợp lệ',
    unauthorized: 'Sai thông tin đăng nhập hoặc phiên đã kết thúc',
    token_missing: 'Chưa đăng nhập',
    token_invalid: 'Phiên đăng nhập không hợp lệ',
    token_expired: 'Phiên đăng nhập đã hết hạn',
    forbidden: 'Bạn không có quyền thực hiện thao tác này hoặc khu vực nằm ngoài phạm vi được giao',
    not_found: 'Không tìm thấy',
    conflict: 'Dữ liệu đã bị thay đổi hoặc trùng lặp',
    payload_too_large: 'Tệp quá lớn',
    unsupported_media_type: 'Định dạng tệp không được hỗ trợ',
    too_many_requests: 'Đăng nhập sai quá nhiều lần: tạm khoá, hãy thử lại sau hoặc nhờ quản trị viên mở khoá',
    validation: 'Dữ liệu chưa hợp lệ',
    invalid: 'Dữ liệu chưa hợp lệ',
    unavailable: 'Dịch vụ tạm thời không phản hồi, vui lòng thử lại',
    internal: 'Lỗi hệ thống, vui lòng báo quản trị viên',
    network: 'Không kết nối được máy chủ',
    other: 'Có lỗi xảy ra',
    fields: 'Các trường cần sửa:',
    detail: 'Chi tiết từ máy chủ: {{detail}}',
  },
  {
    bad_request: 'Bad request',
    unauthorized: 'Wrong credentials, or the session has ended',
    token_missing: 'Not signed in',
    token_invalid: 'Invalid session',
    token_expired: 'Session expired',
    forbidden: 'You may not do this, or the key area is outside your scope',
    not_found: 'Not found',
    conflict: 'Changed by someone else, or already exists',
    payload_too_large: 'File too large',
    unsupported_media_type: 'Unsupported file type',
    too_many_requests: 'Too many failed sign-ins: locked for a while; try again later or ask an administrator to clear it',
    validation: 'Some fields are not valid',
    invalid: 'Some fields are not valid',
    unavailable: 'A service did not answer; please try again',
    internal: 'System error; please tell an administrator',
    network: 'Cannot reach the server',
    other: 'Something went wrong',
    fields: 'Fields to fix:',
    detail: 'Server detail: {{detail}}',
  },
);
