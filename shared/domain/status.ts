/**
 * Dossier statuses as synchronized with the national public service portal (DVCQG):
 * the english key is the API's `status`, the number its `statusCode`.
 */
export const STATUS_CODES = {
  SUBMITTED: 1,
  RECEIVED: 2,
  NOT_RECEIVED: 3,
  IN_PROGRESS: 4,
  SUPPLEMENT_REQUESTED: 5,
  PAYMENT_REQUESTED: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  RESOLVED: 9,
  RETURNED: 10,
} as const;

export type DossierStatus = keyof typeof STATUS_CODES;
export const DOSSIER_STATUSES = Object.keys(STATUS_CODES) as DossierStatus[];

export const CHANNELS = ['ONLINE', 'DIRECT', 'POSTAL'] as const;
export type Channel = (typeof CHANNELS)[number];
/** DVCQG's KenhThucHien. */
export const CHANNEL_CODES: Record<Channel, 1 | 2 | 3> = { DIRECT: 1, ONLINE: 2, POSTAL: 3 };
