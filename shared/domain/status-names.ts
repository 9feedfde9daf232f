/**
 * The statuses as citizens read them (DVCQG's Vietnamese names), for the receipt and the public
 * lookup page.
 */
import type { DossierStatus } from './status.ts';

export const STATUS_NAMES_VI: Record<DossierStatus, string> = {
  SUBMITTED: 'Mới đăng ký, chờ tiếp nhận',
  RECEIVED: 'Đã tiếp nhận',
  NOT_RECEIVED: 'Không được tiếp nhận',
  IN_PROGRESS: 'Đang giải quyết',
  SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ',
  PAYMENT_REQUESTED: 'Chờ thực hiện nghĩa vụ tài chính',
  WITHDRAWN: 'Đã rút hồ sơ',
  STOPPED: 'Dừng xử lý',
  RESOLVED: 'Đã có kết quả, chờ trả',
  RETURNED: 'Đã trả kết quả',
};
