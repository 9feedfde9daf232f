/**
 * What the functions read at run time of motcua's topology: the names of the environment
 * variables that carry resource names and settings, table ids, bucket prefixes, retry and
 * circuit settings, metric names. infra/topology.ts imports and re-exports all of it; functions
 * import it from here, so no bundle holds the topology (docs/architecture.md, Bundles).
 *
 * Plain data only: no imports.
 */

/**
 * The variable that carries each table's name to the functions bound to it (TableSpec.envVar in
 * infra/topology.ts).
 */
export const TABLE_NAME_ENV = {
  dossiers: 'DOSSIERS_TABLE_NAME',
  catalog: 'CATALOG_TABLE_NAME',
  idempotency: 'IDEMPOTENCY_TABLE_NAME',
  circuits: 'CIRCUITS_TABLE_NAME',
  attachments: 'ATTACHMENTS_TABLE_NAME',
  clientRates: 'CLIENT_RATES_TABLE_NAME',
  stats: 'STATS_TABLE_NAME',
} as const;
export type TableId = keyof typeof TABLE_NAME_ENV;

/**
 * Retries of a failed delivery: the message is hidden `base × 2^(receive − 1)` seconds, at most
 * `maxDelaySeconds` (SQS allows 12 h of visibility counted from the receive; the handler may
 * already have spent its timeout, so the cap stays an hour below). With maxReceiveCount 13 the
 * retries span ≈ 28 h (shared/domain/retry-schedule.ts): an agency or the portal may be down a
 * whole day and lose nothing.
 */
export const RETRY_POLICY = { baseSeconds: 30, maxDelaySeconds: 11 * 60 * 60 } as const;

/** The variables that carry the service queues' URLs (ServiceQueueSpec.urlEnv). */
export const PORTAL_SYNC_QUEUE_URL_ENV = 'PORTAL_SYNC_QUEUE_URL';
export const NOTIFY_QUEUE_URL_ENV = 'NOTIFY_QUEUE_URL';

/** The portal's sync endpoint (deploy setting `motcua:portalSyncUrl`; locally passed through). */
export const PORTAL_SYNC_URL_ENV = 'MOTCUA_PORTAL_SYNC_URL';
/** The Secrets Manager secret that signs portal sync posts (AWS); locally MOTCUA_WEBHOOK_SECRET. */
export const PORTAL_SYNC_SECRET_ARN_ENV = 'MOTCUA_PORTAL_SYNC_SECRET_ARN';

/**
 * A circuit per agency endpoint: open after `failureThreshold` consecutive failed deliveries,
 * then one probe per `coolDownSeconds`; a probe holds the circuit for `probeLeaseSeconds` (the
 * delivery function's timeout) so a crashed probe does not keep it shut.
 */
export const CIRCUIT_BREAKER = { failureThreshold: 10, coolDownSeconds: 60, probeLeaseSeconds: 30 } as const;

/** Environment variable with `{ "<agencyId>": "<queue url>" }` for the functions that route. */
export const AGENCY_QUEUE_URLS_ENV = 'AGENCY_QUEUE_URLS';

/**
 * Agency webhooks (README, Set-up knobs; docs/api.md §9): `{ "<agencyId>": "<url>" }`. Agencies
 * without a URL work from their worklist. The stack sets it from the context
 * `motcua:agencyWebhooks`; the local runtime passes the variable through.
 */
export const AGENCY_WEBHOOKS_ENV = 'MOTCUA_AGENCY_WEBHOOKS';
/** Office hours, e.g. `07:00-11:30,13:30-17:00` (the default); from context `motcua:officeHours`. */
export const OFFICE_HOURS_ENV = 'MOTCUA_OFFICE_HOURS';
/** First retry delay of a failed agency delivery, doubled per receive. */
export const RETRY_BASE_SECONDS_ENV = 'MOTCUA_RETRY_BASE_SECONDS';
export const DEFAULT_RETRY_BASE_SECONDS = RETRY_POLICY.baseSeconds;
/** The HMAC secret itself (local mode) ... */
export const WEBHOOK_SECRET_ENV = 'MOTCUA_WEBHOOK_SECRET';
/** ... or the ARN of the Secrets Manager secret that holds it (AWS). */
export const WEBHOOK_SECRET_ARN_ENV = 'MOTCUA_WEBHOOK_SECRET_ARN';
/** The key that authenticates page cursors (local mode: generated per installation) ... */
export const CURSOR_KEY_ENV = 'MOTCUA_CURSOR_KEY';
/** ... or the ARN of the Secrets Manager secret that holds it (AWS). */
export const CURSOR_KEY_ARN_ENV = 'MOTCUA_CURSOR_KEY_ARN';

export const DOCUMENTS_BUCKET = { id: 'documents', envVar: 'DOCUMENTS_BUCKET_NAME' } as const;

/**
 * Where uploads live in the documents bucket. Keys are `<prefix><attachmentId>`: no file names,
 * no personal data. Uploads land under `pending/` (expired by a lifecycle rule after a day);
 * the verifier copies the ones it accepts to `verified/` and deletes the pending bytes.
 */
export const DOCUMENT_PREFIXES = { pending: 'pending/', verified: 'verified/' } as const;
export type DocumentPrefix = keyof typeof DOCUMENT_PREFIXES;

/**
 * `GUARDDUTY`: an upload is VERIFIED only once GuardDuty Malware Protection for S3 has tagged it
 * `NO_THREATS_FOUND` (from context `motcua:malwareScan`); unset: no scan is awaited.
 */
export const MALWARE_SCAN_ENV = 'MOTCUA_MALWARE_SCAN';

/** The receipt's fonts (Be Vietnam Pro, OFL), from their npm package: read by the receipt renderer. */
export const RECEIPT_FONT_FILES = {
  regular: '@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf',
  bold: '@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf',
} as const;

/**
 * Per-client throttling (shared/runtime/route-access.ts): each client may make `requests`
 * requests per fixed window of `windowSeconds`, counted across every function; above it, 429.
 * 100 per 10 s keeps a burst under the stage's burst (400) and ~17 clients at their cap under
 * the stage's rate (200/s), so one noisy client cannot starve the others. Deploy setting
 * `motcua:clientRateLimit`, local variable MOTCUA_CLIENT_RATE_LIMIT (`<requests>/<seconds>`).
 */
export const CLIENT_RATE_LIMIT_ENV = 'MOTCUA_CLIENT_RATE_LIMIT';
export const DEFAULT_CLIENT_RATE_LIMIT = '100/10';
/**
 * The public lookup's limit per client IP, `<requests>/<seconds>` (default 30 per minute: a
 * person checks a dossier a few times, a script walking codes is stopped). The WAF rule on the
 * same paths (WAF_LOOKUP_LIMIT_PER_5_MIN) holds the same rate at the edge in AWS.
 */
export const LOOKUP_RATE_LIMIT_ENV = 'MOTCUA_LOOKUP_RATE_LIMIT';
export const DEFAULT_LOOKUP_RATE_LIMIT = '30/60';
/**
 * The public base URL of the lookup page, e.g. `https://dichvucong.example.gov.vn` (what the
 * receipt's QR code points at); unset, it is the address the request came in on.
 */
export const PUBLIC_BASE_URL_ENV = 'MOTCUA_PUBLIC_BASE_URL';
/** Allowed CORS origins, comma-separated (deploy setting `motcua:corsOrigins`); unset: no CORS. */
export const CORS_ORIGINS_ENV = 'MOTCUA_CORS_ORIGINS';

export const METRICS = {
  /** Dossiers filed, dimension `channel` (ONLINE, DIRECT, POSTAL). */
  dossiersReceived: 'DossiersReceived',
  /** Dossiers the sweep marked overdue, dimension `centerId` or `agencyId`. */
  overdueDossiers: 'OverdueDossiers',
  /** Due dates computed on a year the calendar does not hold yet (provisional). */
  calendarProvisional: 'CalendarProvisional',
} as const;

/** The payment gateway's HMAC secret itself (local mode; the local runtime makes one up if unset) ... */
export const PAYMENT_SECRET_ENV = 'MOTCUA_PAYMENT_SECRET';
/** ... or the ARN of the Secrets Manager secret that holds it (AWS). */
export const PAYMENT_SECRET_ARN_ENV = 'MOTCUA_PAYMENT_SECRET_ARN';
/**
 * The gateway's payment page (deploy setting `motcua:paymentGatewayUrl`; locally the simulated
 * gateway's page on the runtime's own port, SIMULATED_PAYMENT_GATEWAY_PATH).
 */
export const PAYMENT_GATEWAY_URL_ENV = 'MOTCUA_PAYMENT_GATEWAY_URL';
export const SIMULATED_PAYMENT_GATEWAY_PATH = '/_gateway/pay';
/** Callbacks refused (bad signature, wrong amount, expired or unknown payment), dimension `reason`. */
export const PAYMENT_CALLBACK_REJECTED_METRIC = 'PaymentCallbackRejected';

/** `aws`: SES and End User Messaging; `local`: captured, or posted to MOTCUA_NOTIFY_URL. */
export const NOTIFY_TRANSPORT_ENV = 'MOTCUA_NOTIFY_TRANSPORT';
/** Local mode: where captured notifications are posted (unset: kept, listed per dossier). */
export const NOTIFY_URL_ENV = 'MOTCUA_NOTIFY_URL';
/** The SES identity emails are sent from (deploy setting `motcua:notifyEmailFrom`); unset: no email. */
export const NOTIFY_EMAIL_FROM_ENV = 'MOTCUA_NOTIFY_EMAIL_FROM';
/** The End User Messaging origination identity (`motcua:notifySmsOriginator`); unset: no SMS. */
export const NOTIFY_SMS_ORIGINATOR_ENV = 'MOTCUA_NOTIFY_SMS_ORIGINATOR';
/** The public lookup page messages link to (`motcua:publicLookupUrl`; locally `<runtime URL>/tra-cuu`). */
export const PUBLIC_LOOKUP_URL_ENV = 'MOTCUA_PUBLIC_LOOKUP_URL';
/** The public lookup page's path (docs/api.md, Public lookup). */
export const PUBLIC_LOOKUP_PATH = '/tra-cuu';
