/**
 * Notifications to the applicant (docs/api.md, Notifications): on a status change the applicant
 * must hear of (`TOLD_STATUSES`) of a dossier whose applicant gave an email or a phone, one
 * message per channel, in Vietnamese, with the code, the status and the lookup link. The
 * templates are all here, in one place. Pure: the sender and its transports are adapters.
 */
import type { Dossier } from './dossier.ts';
import type { DossierStatus } from './status.ts';
import { toVietnamIso } from './time.ts';

export type NotificationChannel = 'EMAIL' | 'SMS';
/**
 * SENDING: claimed by a sender that has not finished (retried after a crash); SENT: accepted by
 * the provider (SES, End User Messaging, or MOTCUA_NOTIFY_URL locally); CAPTURED: kept by the
 * local runtime, not sent; FAILED: refused by the provider for good (a bad address).
 */
export type DeliveryState = 'SENDING' | 'SENT' | 'CAPTURED' | 'FAILED';

/** What the notify queue carries: which change to tell about; the contact is read at send time. */
export type StatusChange = { dossierCode: string; version: number; status: DossierStatus };

/** One message of one change on one channel: its key makes sending idempotent per version. */
export type Notification = {
  dossierCode: string;
  version: number;
  status: DossierStatus;
  channel: NotificationChannel;
  /** The recipient masked (`n***@example.com`, `*******4567`): never the address itself. */
  recipient: string;
  state: DeliveryState;
  createdAt: string;
  sentAt?: string;
  /** The provider's message id. */
  providerMessageId?: string;
  /** Why it failed (the provider's error name), never the address. */
  error?: string;
};

type Image = Pick<Dossier, 'dossierCode' | 'status' | 'version' | 'applicant' | 'importedAt' | 'channel'>;

/**
 * The statuses the applicant is told of: where they must act (supplement the file, pay), and
 * the outcomes that reach them away from the counter (received with its appointment date,
 * refused, stopped, result ready). Not told: SUBMITTED (they filed it on the portal, which
 * confirms it), IN_PROGRESS (an internal step, or the end of a supplement or payment they just
 * made), WITHDRAWN (their own request) and RETURNED (the result is in their hands).
 */
export const TOLD_STATUSES: ReadonlySet<DossierStatus> = new Set([
  'RECEIVED',
  'NOT_RECEIVED',
  'SUPPLEMENT_REQUESTED',
  'PAYMENT_REQUESTED',
  'STOPPED',
  'RESOLVED',
]);

/** Whether the applicant hears of this status: a counter filing hands them the receipt instead. */
const tells = (after: Image): boolean =>
  TOLD_STATUSES.has(after.status) && !(after.status === 'RECEIVED' && after.channel === 'DIRECT');

/**
 * The change to tell the applicant about: the status moved (or the dossier was filed) to one
 * they must hear of, and they gave a contact. Nothing else is queued, sent or recorded.
 */
export function statusChangeOf(before: Image | undefined, after: Image): StatusChange | undefined {
  if (before?.status === after.status) return undefined;
  if (!tells(after)) return undefined;
  // A legacy dossier converted from an earlier system was told long ago, if ever.
  if (after.importedAt) return undefined;
  if (!after.applicant.email && !after.applicant.phone) return undefined;
  return { dossierCode: after.dossierCode, version: after.version, status: after.status };
}

/** The same change queued twice has the same id. */
export const statusChangeId = (change: StatusChange) => `${change.dossierCode}#${change.version}`;

/** The status as the applicant reads it (the names DVCQG shows). */
export const STATUS_NAMES_VI: Record<DossierStatus, string> = {
  SUBMITTED: 'Đã nộp trực tuyến, chờ tiếp nhận',
  RECEIVED: 'Đã tiếp nhận',
  NOT_RECEIVED: 'Không được tiếp nhận',
  IN_PROGRESS: 'Đang giải quyết',
  SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ',
  PAYMENT_REQUESTED: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  WITHDRAWN: 'Đã rút hồ sơ',
  STOPPED: 'Dừng xử lý',
  RESOLVED: 'Đã có kết quả, chờ trả',
  RETURNED: 'Đã trả kết quả',
};

/** What to do next, per status, where the applicant has something to do. */
const NEXT_STEP_VI: Partial<Record<DossierStatus, string>> = {
  SUPPLEMENT_REQUESTED: 'Vui lòng bổ sung giấy tờ theo hướng dẫn.',
  PAYMENT_REQUESTED: 'Vui lòng nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết.',
  RESOLVED: 'Mời Ông/Bà nhận kết quả theo hình thức đã đăng ký.',
};

export type RenderedMessage = { subject: string; text: string; sms: string };

/** The lookup link of a dossier: the public lookup page (the applicant adds the last 4 digits of their ID). */
export const lookupLink = (lookupBaseUrl: string, dossierCode: string) =>
  `${lookupBaseUrl}?ma=${encodeURIComponent(dossierCode)}`;

/**
 * The message of a status change: an email subject and body, and an SMS short enough for one
 * or two Unicode segments (no name, no address: a phone may be shared).
 */
export function renderStatusMessage(
  dossier: Pick<Dossier, 'dossierCode' | 'procedureName' | 'dueAt' | 'status'>,
  lookupBaseUrl: string,
): RenderedMessage {
  const status = STATUS_NAMES_VI[dossier.status];
  const link = lookupLink(lookupBaseUrl, dossier.dossierCode);
  const due = dossier.dueAt ? `Hẹn trả kết quả: ${formatVietnamDate(dossier.dueAt)}.` : '';
  const next = NEXT_STEP_VI[dossier.status] ?? '';
  return {
    subject: `Hồ sơ ${dossier.dossierCode}: ${status}`,
    text: [
      'Kính gửi Ông/Bà,',
      '',
      `Hồ sơ ${dossier.dossierCode} (${dossier.procedureName}) đã chuyển sang trạng thái: ${status}.`,
      ...(due ? [due] : []),
      ...(next ? [next] : []),
      '',
      `Tra cứu tình trạng hồ sơ: ${link}`,
      '',
      'Trung tâm Phục vụ hành chính công',
    ].join('\n'),
    sms: `Hồ sơ ${dossier.dossierCode}: ${status}. Tra cứu: ${link}`,
  };
}

/** `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh, as the applicant reads dates. */
function formatVietnamDate(iso: string): string {
  const local = toVietnamIso(new Date(iso)); // yyyy-MM-ddTHH:mm:ss+07:00
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** The recipient as records and logs may show it. */
export function maskRecipient(channel: NotificationChannel, address: string): string {
  if (channel === 'SMS') return `${'*'.repeat(Math.max(0, address.length - 4))}${address.slice(-4)}`;
  const at = address.indexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}
