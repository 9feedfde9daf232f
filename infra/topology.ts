/**
 * The one description of motcua's resources: tables, queues, bucket, HTTP routes and
 * event consumers. The CDK stack (infra/stack.ts) and the embedded local runtime
 * (infra/local/) are both built from it, and test/infra/topology.test.ts keeps them equal.
 *
 * Plain data only: no CDK or SDK imports, so Lambda bundles and the local runtime can read it.
 */

export const AGENCY_SYSTEMS = [
  'commune',
  'provincial',
  'land-registry',
  'police',
  'social-insurance',
  'tax',
  'post',
] as const;
export type AgencySystemId = (typeof AGENCY_SYSTEMS)[number];

export const SCOPES = {
  submit: 'motcua/dossiers.submit',
  read: 'motcua/dossiers.read',
  process: 'motcua/dossiers.process',
  reports: 'motcua/reports.read',
  admin: 'motcua/catalog.admin',
} as const;
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];
export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);

/** The scopes a client of each profile may ask for (docs/api.md §3). */
export const PROFILE_SCOPES = {
  portal: [SCOPES.submit, SCOPES.read, SCOPES.process],
  center: [SCOPES.submit, SCOPES.read, SCOPES.process, SCOPES.reports],
  agency: [SCOPES.read, SCOPES.process],
  admin: ALL_SCOPES,
} as const satisfies Record<'portal' | 'center' | 'agency' | 'admin', readonly Scope[]>;

/** Resource server identifier of the scopes (`motcua/...`). */
export const RESOURCE_SERVER = 'motcua';

// ---------------------------------------------------------------------------------------------
// Tables

export type KeyAttribute = { name: string; type: 'S' | 'N' };
export type IndexSpec = {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /**
   * What the index holds besides its keys and the table's: `KEYS_ONLY`, or these attributes
   * (INCLUDE). Absent: every attribute (ALL). An index write costs a unit per KB of what it
   * projects, and nothing when a write changes none of it (docs/architecture.md, write units).
   */
  projection?: 'KEYS_ONLY' | readonly string[];
};
/** The projection of an index in the terms of CloudFormation and the DynamoDB API. */
export const projectionOf = (index: IndexSpec) =>
  index.projection === undefined
    ? { ProjectionType: 'ALL' as const }
    : index.projection === 'KEYS_ONLY'
      ? { ProjectionType: 'KEYS_ONLY' as const }
      : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] };
export type TableId =
  | 'dossiers'
  | 'catalog'
  | 'idempotency'
  | 'circuits'
  | 'attachments'
  | 'clientRates'
  | 'stats';
export type TableSpec = {
  id: TableId;
  /** Environment variable that carries the table name to the functions bound to it. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexSpec[];
  stream?: 'NEW_AND_OLD_IMAGES';
  ttlAttribute?: string;
};

export const TABLES: Record<TableId, TableSpec> = {
  /**
   * Dossiers with their timeline events, the per-unit-day sequence counters and the submission
   * records that make filing exactly-once (these expire through `expiresAt`).
   */
  dossiers: {
    id: 'dossiers',
    envVar: 'DOSSIERS_TABLE_NAME',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    // Every index is KEYS_ONLY: readers query keys, then read the items they list (BatchGetItem).
    // A transition then writes no index at all unless it moves the dossier in or out of one
    // (routing, the due clock): an ALL projection rewrote every index's copy of the whole item
    // on every write. Filters of worklists are applied to the items read, not in the query.
    indexes: [
      // Worklists: a center's dossiers, newest first.
      {
        name: 'byCenter',
        partitionKey: { name: 'centerId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse: the dossiers routed to the agency system that decides them, newest first.
      {
        name: 'byRoutedAgency',
        partitionKey: { name: 'routedAgencyId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse: the dossiers routed to the agency system that decides them, by competent unit
      // (`<agencyId>#<unitId>`): the worklists of unit-bound agency clients, newest first.
      {
        name: 'byRoutedUnit',
        partitionKey: { name: 'routedUnit', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // The portal's (or any submitting client's) own dossiers.
      {
        name: 'bySubmitter',
        partitionKey: { name: 'submittedBy', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse: results routed for delivery (POSTAL results to the post), newest first.
      {
        name: 'byDelivery',
        partitionKey: { name: 'deliveryAgencyId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse: dossiers whose clock runs, by due date, spread over a few shards so the overdue
      // sweep has no hot partition.
      {
        name: 'byDue',
        partitionKey: { name: 'dueShard', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse: open dossiers whose due date rests on a year without calendar data, by due year,
      // so storing that year's calendar reads exactly the dossiers to recompute.
      {
        name: 'byProvisionalDue',
        partitionKey: { name: 'provisionalDueYear', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      // Sparse, keys only: the dossiers a client filed under its own reference
      // (`<submittedBy>#<portalRef>`), so the portal finds one without reading its whole history.
      // Keys never change after filing: one index write per such dossier, none on transitions.
      {
        name: 'byPortalRef',
        partitionKey: { name: 'portalRefKey', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
    ],
    stream: 'NEW_AND_OLD_IMAGES',
    ttlAttribute: 'expiresAt',
  },
  /** Procedures, centers, units, agency systems, clients and the working-day calendar. */
  catalog: {
    id: 'catalog',
    envVar: 'CATALOG_TABLE_NAME',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
  },
  /**
   * Powertools idempotency records of consumed events (submissions keep theirs with the dossier).
   * No function writes it since agency delivery stopped keeping records (docs/architecture.md,
   * write units per dossier); kept until a deploy that retires it.
   */
  idempotency: {
    id: 'idempotency',
    envVar: 'IDEMPOTENCY_TABLE_NAME',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiration',
  },
  /** One circuit breaker per agency endpoint (shared/domain/circuit-breaker.ts), keyed by agency system. */
  circuits: {
    id: 'circuits',
    envVar: 'CIRCUITS_TABLE_NAME',
    partitionKey: { name: 'endpoint', type: 'S' },
    indexes: [],
  },
  /**
   * Uploaded documents (docs/api.md, Attachments): one item per attachment with its uploader,
   * declared size, type and sha256, status and reason, and the dossiers that reference it.
   * Unverified records expire through `expiresAt`; verified ones are kept.
   */
  attachments: {
    id: 'attachments',
    envVar: 'ATTACHMENTS_TABLE_NAME',
    partitionKey: { name: 'attachmentId', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  /**
   * Per-client request counters of the shared HTTP runtime's throttle (one item per client and
   * window, expiring through `expiresAt`): docs/architecture.md, per-client throttling.
   */
  clientRates: {
    id: 'clientRates',
    envVar: 'CLIENT_RATES_TABLE_NAME',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  /**
   * Report counters (per center, month and shard) and each dossier's last counted contribution,
   * kept by the stats aggregator from the dossiers stream; reports read only these.
   */
  stats: {
    id: 'stats',
    envVar: 'STATS_TABLE_NAME',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
  },
};

// ---------------------------------------------------------------------------------------------
// Queues

/** A delivery queue of one target (with its DLQ named `<queue>-dlq`). */
export type TargetQueueSpec = {
  id: string;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
};
export type QueueSpec = TargetQueueSpec & { agencyId: AgencySystemId };

/**
 * Retries of a failed delivery: the message is hidden `base × 2^(receive − 1)` seconds, at most
 * `maxDelaySeconds` (SQS allows 12 h of visibility counted from the receive; the handler may
 * already have spent its timeout, so the cap stays an hour below). With maxReceiveCount 13 the
 * retries span ≈ 28 h (shared/domain/retry-schedule.ts): an agency or the portal may be down a
 * whole day and lose nothing.
 */
export const RETRY_POLICY = { baseSeconds: 30, maxDelaySeconds: 11 * 60 * 60 } as const;
export const QUEUE_MAX_RECEIVE_COUNT = 13;
/** Source queues keep a message 4 days (> the ≈ 28 h of retries, plus a weekend to redrive). */
export const QUEUE_RETENTION_SECONDS = 4 * 24 * 60 * 60;
/**
 * Dead-letter queues keep messages 14 days (the SQS maximum), longer than their sources: a
 * standard queue's message keeps its original enqueue time when it is dead-lettered.
 */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export const AGENCY_QUEUES: QueueSpec[] = AGENCY_SYSTEMS.map((agencyId) => ({
  id: `agency-${agencyId}`,
  agencyId,
  maxReceiveCount: QUEUE_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 60,
}));

/** A queue of the service's own (not an agency system's), with its DLQ. */
export type ServiceQueueSpec = TargetQueueSpec & {
  id: ServiceQueueId;
  /** The variable that carries the queue's URL to the functions that use it. */
  urlEnv: string;
};
export type ServiceQueueId = 'portal-sync' | 'notify';

/**
 * Status sync to the national portal (docs/api.md, portal sync): `{ dossierCode, version }`
 * messages with the same retries as the agency queues (≈ 28 h), consumed by the portal sync
 * sender. Order comes from versions the sender checks, not from FIFO.
 */
export const PORTAL_SYNC_QUEUE: ServiceQueueSpec = {
  id: 'portal-sync',
  maxReceiveCount: QUEUE_MAX_RECEIVE_COUNT,
  visibilityTimeoutSeconds: 60,
  urlEnv: 'PORTAL_SYNC_QUEUE_URL',
};
export const PORTAL_SYNC_QUEUE_URL_ENV = PORTAL_SYNC_QUEUE.urlEnv;

/**
 * Status changes to tell applicants about (docs/api.md, Notifications): the stream router
 * sends one message per change, the notification sender consumes it. Five receives, then the
 * DLQ (a provider down for minutes is retried; a poison message is not retried for a day).
 */
export const NOTIFY_QUEUE: ServiceQueueSpec = {
  id: 'notify',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
  urlEnv: 'NOTIFY_QUEUE_URL',
};
export const NOTIFY_QUEUE_URL_ENV = NOTIFY_QUEUE.urlEnv;
export const SERVICE_QUEUES: ServiceQueueSpec[] = [PORTAL_SYNC_QUEUE, NOTIFY_QUEUE];

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

/**
 * Physical names of a queue and of its dead-letter queue: `<prefix>-<queue id>[-dlq]`, the
 * prefix being the stack name in AWS (`Motcua-prod`: unique per stage) and `motcua` locally.
 * `npm run redrive -- <queue id>` finds both by these names.
 */
export const queuePhysicalName = (prefix: string, queueId: string): string => `${prefix}-${queueId}`;
export const deadLetterQueuePhysicalName = (prefix: string, queueId: string): string =>
  `${prefix}-${queueId}-dlq`;

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

// ---------------------------------------------------------------------------------------------
// Bucket

export const DOCUMENTS_BUCKET = { id: 'documents', envVar: 'DOCUMENTS_BUCKET_NAME' } as const;

/**
 * Where uploads live in the documents bucket. Keys are `<prefix><attachmentId>`: no file names,
 * no personal data. Uploads land under `pending/` (expired by a lifecycle rule after a day);
 * the verifier copies the ones it accepts to `verified/` and deletes the pending bytes.
 */
export const DOCUMENT_PREFIXES = { pending: 'pending/', verified: 'verified/' } as const;
export type DocumentPrefix = keyof typeof DOCUMENT_PREFIXES;
/** What a function may do in the documents bucket, per prefix. */
export type BucketAccess = {
  prefix: DocumentPrefix;
  actions: readonly (
    | 's3:GetObject'
    | 's3:PutObject'
    | 's3:DeleteObject'
    | 's3:DeleteObjectVersion'
    | 's3:GetObjectTagging'
  )[];
};
/** Browser origins allowed to POST uploads (bucket CORS); the stack sets it from `motcua:uploadOrigins`. */
export const UPLOAD_ORIGINS_CONTEXT = 'motcua:uploadOrigins';
/**
 * `GUARDDUTY`: an upload is VERIFIED only once GuardDuty Malware Protection for S3 has tagged it
 * `NO_THREATS_FOUND` (from context `motcua:malwareScan`); unset: no scan is awaited.
 */
export const MALWARE_SCAN_ENV = 'MOTCUA_MALWARE_SCAN';

// ---------------------------------------------------------------------------------------------
// Functions

/**
 * `RO`: key reads and queries; `RW`: those plus PutItem and UpdateItem; `RWD`: plus DeleteItem
 * (only where an adapter deletes); `COUNT`: UpdateItem alone (the throttle's counters).
 */
export type TableAccess = { table: TableId; access: 'RO' | 'RW' | 'RWD' | 'COUNT' };
export type FunctionSpec = {
  id: string;
  /** Module path from the repository root; it exports `handler`. */
  entry: string;
  tables: TableAccess[];
  /**
   * `send`: sends to every agency queue; `consume`: consumes them and sets retry delays. Both
   * get AGENCY_QUEUE_URLS_ENV; only `send` gets the send grant, only `consume` the retry base.
   */
  agencyQueues?: 'send' | 'consume';
  /**
   * The service's own queues (SERVICE_QUEUES) it uses: both get the queue's URL variable, only
   * `send` gets the send grant (consumers get theirs from their event source mapping).
   */
  serviceQueues?: Partial<Record<ServiceQueueId, 'send' | 'consume'>>;
  /** Signs webhooks: gets the agency webhook URLs and may read the webhook secret. */
  usesWebhookSecret?: boolean;
  /** Pages with cursors: may read the cursor key. */
  usesCursorKey?: boolean;
  /** Signs payment pages or verifies gateway callbacks: may read the payment gateway secret. */
  usesPaymentSecret?: boolean;
  /** The documents bucket: its name, and these actions on these prefixes only. */
  documents?: readonly BucketAccess[];
  timeoutSeconds?: number;
  memoryMiB?: number;
  /**
   * Reserved concurrency: executions kept for this function whatever else runs, and its ceiling.
   * Set on the submit path so a backlog elsewhere never starves filing.
   */
  reservedConcurrency?: number;
  /**
   * Files the function reads at run time, as `<package>/<path>` under node_modules: copied next to
   * its bundle (the receipt's fonts).
   */
  bundledFiles?: readonly string[];
};

/** What a function gets where its spec says nothing. */
export const FUNCTION_DEFAULTS = { timeoutSeconds: 10, memoryMiB: 1024 } as const;
/**
 * Background functions that spend their time waiting on a webhook, the portal, SES or DynamoDB,
 * with little CPU between the waits: half the default (CPU share scales with memory, and their
 * waits do not). Functions on the request path keep the default (cold start and latency), and so
 * do the CPU-heavy ones (receipt PDF, XLSX report, report counters, upload hashing).
 */
export const WAITING_FUNCTION_MEMORY_MIB = 512;
export const functionTimeoutSeconds = (spec: FunctionSpec): number =>
  spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds;
export const functionMemoryMiB = (spec: FunctionSpec): number =>
  spec.memoryMiB ?? FUNCTION_DEFAULTS.memoryMiB;

/** The receipt's fonts (Be Vietnam Pro, OFL), from their npm package: read by the receipt renderer. */
export const RECEIPT_FONT_FILES = {
  regular: '@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf',
  bold: '@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf',
} as const;

const api = (id: string, tables: TableAccess[], extra: Partial<FunctionSpec> = {}): FunctionSpec => ({
  id,
  entry: `functions/api/${id}.ts`,
  tables,
  ...extra,
});
const CATALOG_RO: TableAccess = { table: 'catalog', access: 'RO' };
const ATTACHMENTS_RW: TableAccess = { table: 'attachments', access: 'RW' };
const ATTACHMENTS_RO: TableAccess = { table: 'attachments', access: 'RO' };
const DOSSIERS_RO: TableAccess = { table: 'dossiers', access: 'RO' };
/** Every function behind a token route counts its caller's requests (per-client throttling). */
const CLIENT_RATES: TableAccess = { table: 'clientRates', access: 'COUNT' };

export const FUNCTIONS = {
  listCenters: api('list-centers', [CATALOG_RO, CLIENT_RATES]),
  listUnits: api('list-units', [CATALOG_RO, CLIENT_RATES]),
  listAgencies: api('list-agencies', [CATALOG_RO, CLIENT_RATES]),
  listProcedures: api('list-procedures', [CATALOG_RO, CLIENT_RATES], { usesCursorKey: true }),
  getProcedure: api('get-procedure', [CATALOG_RO, CLIENT_RATES]),
  // Submissions and actions check the attachments they reference and record the reference.
  // RWD: a submission that fails before it commits releases its Idempotency-Key (DeleteItem).
  submitDossier: api(
    'submit-dossier',
    [CATALOG_RO, { table: 'dossiers', access: 'RWD' }, ATTACHMENTS_RW, CLIENT_RATES],
    { reservedConcurrency: 50 },
  ),
  getDossier: api('get-dossier', [CATALOG_RO, { table: 'dossiers', access: 'RO' }, CLIENT_RATES]),
  listDossiers: api('list-dossiers', [CATALOG_RO, { table: 'dossiers', access: 'RO' }, CLIENT_RATES], {
    usesCursorKey: true,
  }),
  // Recomputes the provisional due dates of the year it stores (its dossiers, a few writes each).
  putCalendar: api(
    'put-calendar',
    [{ table: 'catalog', access: 'RW' }, { table: 'dossiers', access: 'RW' }, CLIENT_RATES],
    { timeoutSeconds: 29 },
  ),
  putProcedure: api('put-procedure', [{ table: 'catalog', access: 'RW' }, CLIENT_RATES]),
  actOnDossier: api('act-on-dossier', [
    CATALOG_RO,
    { table: 'dossiers', access: 'RW' },
    ATTACHMENTS_RW,
    CLIENT_RATES,
  ]),
  getOpenApi: api('get-openapi', []),
  getCalendar: api('get-calendar', [CATALOG_RO, CLIENT_RATES]),
  importProcedures: api('import-procedures', [{ table: 'catalog', access: 'RW' }, CLIENT_RATES], {
    timeoutSeconds: 29,
  }),
  getMonthlyReport: api('get-monthly-report', [CATALOG_RO, { table: 'stats', access: 'RO' }, CLIENT_RATES]),
  getIndicators: api('get-indicators', [CATALOG_RO, { table: 'stats', access: 'RO' }, CLIENT_RATES]),
  importDossiers: api('import-dossiers', [CATALOG_RO, { table: 'dossiers', access: 'RW' }, CLIENT_RATES], {
    timeoutSeconds: 60,
  }),
  /** Stream consumer: keeps the report counters of the stats table from dossier changes. */
  aggregateDossierStats: {
    id: 'aggregate-dossier-stats',
    entry: 'functions/stream/aggregate-dossier-stats.ts',
    tables: [CATALOG_RO, { table: 'stats', access: 'RW' }],
    timeoutSeconds: 60,
  },
  routeDossierEvents: {
    id: 'route-dossier-events',
    entry: 'functions/stream/route-dossier-events.ts',
    tables: [],
    agencyQueues: 'send',
    serviceQueues: { 'portal-sync': 'send', notify: 'send' },
    // Reads a stream batch, sends SQS messages: waits on SQS.
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
  },
  /** Deploy hook: loads the seed catalog and the stack's client bindings (see CatalogSeed). */
  seedCatalog: {
    id: 'seed-catalog',
    entry: 'functions/deploy/seed-catalog.ts',
    tables: [{ table: 'catalog', access: 'RW' }],
    timeoutSeconds: 120,
  },
  deliverToAgency: {
    id: 'deliver-to-agency',
    entry: 'functions/agency/deliver-to-agency.ts',
    // No idempotency table: the delivery is idempotent as it is (its conditional START and the
    // event id agencies drop repeats by); a record per message cost two writes.
    tables: [CATALOG_RO, { table: 'dossiers', access: 'RW' }, { table: 'circuits', access: 'RW' }],
    usesWebhookSecret: true,
    agencyQueues: 'consume',
    timeoutSeconds: 30,
    // Waits on the agency's webhook and a conditional write.
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
  },
  sweepOverdue: {
    id: 'sweep-overdue',
    entry: 'functions/schedule/sweep-overdue.ts',
    tables: [{ table: 'dossiers', access: 'RW' }],
    timeoutSeconds: 300,
    // Reads an index page and writes a few items: waits on DynamoDB.
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
  },
  // Signs upload policies for pending/ keys (the presigned POST is the function's own PutObject).
  createAttachment: api('create-attachment', [CATALOG_RO, ATTACHMENTS_RW, CLIENT_RATES], {
    documents: [{ prefix: 'pending', actions: ['s3:PutObject'] }],
  }),
  getAttachment: api('get-attachment', [CATALOG_RO, ATTACHMENTS_RO, DOSSIERS_RO, CLIENT_RATES]),
  // Signs downloads of verified/ keys only: nothing unverified ever leaves the bucket.
  downloadAttachment: api('download-attachment', [CATALOG_RO, ATTACHMENTS_RO, DOSSIERS_RO, CLIENT_RATES], {
    documents: [{ prefix: 'verified', actions: ['s3:GetObject'] }],
  }),
  /** S3 ObjectCreated on pending/ (UPLOAD_NOTIFICATIONS): checks an upload, promotes or rejects it. */
  verifyUpload: {
    id: 'verify-upload',
    entry: 'functions/s3/verify-upload.ts',
    tables: [ATTACHMENTS_RW],
    documents: [
      {
        prefix: 'pending',
        actions: ['s3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObjectTagging'],
      },
      { prefix: 'verified', actions: ['s3:PutObject'] },
    ],
    // Reads and hashes up to 20 MiB.
    timeoutSeconds: 60,
  },
  // Citizen-facing services: the receipt, the public lookup and the rating.
  getReceipt: api('get-receipt', [CATALOG_RO, DOSSIERS_RO, CLIENT_RATES], {
    bundledFiles: Object.values(RECEIPT_FONT_FILES),
  }),
  // Public: counts requests per client IP in the clientRates table.
  lookupDossier: api('lookup-dossier', [DOSSIERS_RO, CLIENT_RATES]),
  lookupPage: api('lookup-page', [DOSSIERS_RO, CLIENT_RATES]),
  rateDossier: api('rate-dossier', [CATALOG_RO, { table: 'dossiers', access: 'RW' }, CLIENT_RATES]),
  /** Portal sync queue → the national portal (shared/use-cases/sync-to-portal.ts). */
  syncToPortal: {
    id: 'sync-to-portal',
    entry: 'functions/sync/sync-to-portal.ts',
    tables: [CATALOG_RO, { table: 'dossiers', access: 'RW' }],
    serviceQueues: { 'portal-sync': 'consume' },
    timeoutSeconds: 30,
    // Waits on the national portal and DynamoDB.
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
  },
  // Payments live in the dossiers table, in their dossier's partition (shared/adapters/payment-store.ts).
  createPayment: api('create-payment', [CATALOG_RO, { table: 'dossiers', access: 'RW' }, CLIENT_RATES], {
    usesPaymentSecret: true,
  }),
  listPayments: api('list-payments', [CATALOG_RO, DOSSIERS_RO, CLIENT_RATES]),
  // Public (the gateway has no token): no client to count; the WAF's rate rule stands in front.
  paymentCallback: api('payment-callback', [{ table: 'dossiers', access: 'RW' }], {
    usesPaymentSecret: true,
  }),
  /** The notify queue's consumer: renders and sends each message once per dossier version and channel. */
  sendNotifications: {
    id: 'send-notifications',
    entry: 'functions/queue/send-notifications.ts',
    tables: [{ table: 'dossiers', access: 'RW' }],
    serviceQueues: { notify: 'consume' },
    timeoutSeconds: 30,
    // Renders a short text, waits on SES (or End User Messaging) and DynamoDB.
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
  },
  listNotifications: api('list-notifications', [CATALOG_RO, DOSSIERS_RO, CLIENT_RATES]),
} satisfies Record<string, FunctionSpec>;
export type FunctionId = keyof typeof FUNCTIONS;

// ---------------------------------------------------------------------------------------------
// HTTP routes

export type RouteSpec = {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path template, e.g. `/v1/dossiers/{dossierCode}`. */
  path: string;
  function: FunctionId;
  /** `public`: no token. Otherwise the token must carry at least one of `scopes`. */
  auth: 'public' | 'token';
  scopes: readonly Scope[];
  /**
   * A public route that answers from data (the citizens' lookup): each client IP may make
   * LOOKUP_RATE_LIMIT requests per window (shared/runtime/route-access.ts); in AWS the WAF also
   * limits these paths per IP (infra/constructs/api.ts).
   */
  perIpLimit?: true;
};

const route = (
  method: RouteSpec['method'],
  path: string,
  fn: FunctionId,
  scopes: readonly Scope[],
): RouteSpec => ({ method, path, function: fn, auth: 'token', scopes });

export const ROUTES: RouteSpec[] = [
  route('GET', '/v1/centers', 'listCenters', ALL_SCOPES),
  route('GET', '/v1/units', 'listUnits', ALL_SCOPES),
  route('GET', '/v1/agencies', 'listAgencies', ALL_SCOPES),
  route('GET', '/v1/procedures', 'listProcedures', ALL_SCOPES),
  route('GET', '/v1/procedures/{code}', 'getProcedure', ALL_SCOPES),
  route('POST', '/v1/dossiers', 'submitDossier', [SCOPES.submit]),
  route('GET', '/v1/dossiers', 'listDossiers', [SCOPES.read]),
  route('GET', '/v1/dossiers/{dossierCode}', 'getDossier', [SCOPES.read]),
  route('POST', '/v1/dossiers/{dossierCode}/actions', 'actOnDossier', [SCOPES.process]),
  route('PUT', '/v1/procedures/{code}', 'putProcedure', [SCOPES.admin]),
  route('PUT', '/v1/calendar/{year}', 'putCalendar', [SCOPES.admin]),
  { method: 'GET', path: '/v1/openapi.json', function: 'getOpenApi', auth: 'public', scopes: [] },
  route('GET', '/v1/calendar/{year}', 'getCalendar', ALL_SCOPES),
  route('POST', '/v1/admin/procedures/import', 'importProcedures', [SCOPES.admin]),
  route('POST', '/v1/attachments', 'createAttachment', [SCOPES.submit, SCOPES.process]),
  route('GET', '/v1/attachments/{attachmentId}', 'getAttachment', [
    SCOPES.submit,
    SCOPES.process,
    SCOPES.read,
  ]),
  route('GET', '/v1/attachments/{attachmentId}/download', 'downloadAttachment', [SCOPES.read]),
  route('GET', '/v1/reports/monthly', 'getMonthlyReport', [SCOPES.reports]),
  route('GET', '/v1/reports/indicators', 'getIndicators', [SCOPES.reports]),
  route('POST', '/v1/admin/dossiers:import', 'importDossiers', [SCOPES.admin]),
  route('GET', '/v1/dossiers/{dossierCode}/receipt', 'getReceipt', [SCOPES.read]),
  route('POST', '/v1/dossiers/{dossierCode}/rating', 'rateDossier', [SCOPES.submit]),
  {
    method: 'GET',
    path: '/v1/lookup',
    function: 'lookupDossier',
    auth: 'public',
    scopes: [],
    perIpLimit: true,
  },
  { method: 'GET', path: '/tra-cuu', function: 'lookupPage', auth: 'public', scopes: [], perIpLimit: true },
  route('POST', '/v1/dossiers/{dossierCode}/payments', 'createPayment', [SCOPES.process]),
  route('GET', '/v1/dossiers/{dossierCode}/payments', 'listPayments', [SCOPES.read]),
  { method: 'POST', path: '/v1/payments/callback', function: 'paymentCallback', auth: 'public', scopes: [] },
  route('GET', '/v1/dossiers/{dossierCode}/notifications', 'listNotifications', [SCOPES.read]),
];

/**
 * The scopes the gateway's authorizer accepts on every token route (AWS: each method's
 * `authorizationScopes`; locally: infra/local/http-server.ts): any motcua scope, since a Cognito
 * authorizer passes a token that holds any one of a method's scopes and answers the others with
 * its own 401. The gateway authenticates; the route's own `scopes` are checked by the shared
 * HTTP runtime (shared/runtime/route-access.ts), so both realizations answer a missing scope
 * with the same 403 from the same code.
 */
export const GATEWAY_SCOPES: readonly Scope[] = ALL_SCOPES;

/** The route API Gateway invoked a function for: its method and resource template. */
export const routeFor = (method: string, resource: string): RouteSpec | undefined =>
  ROUTES.find((route) => route.method === method && route.path === resource);

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

// ---------------------------------------------------------------------------------------------
// Event consumers (Lambda event source mappings; the local runtime's pollers)

export type ConsumerSpec =
  | {
      function: FunctionId;
      kind: 'stream';
      table: TableId;
      batchSize: number;
      maxBatchingWindowSeconds: number;
      /** Retries of a failing batch before the records go to the consumer's DLQ. */
      retryAttempts: number;
      /** Queue (with no consumer) that receives records the consumer gave up on. */
      onFailureQueue: string;
      /** Concurrent batches per shard (1–10); records of one item stay in order. */
      parallelizationFactor: number;
    }
  | {
      function: FunctionId;
      kind: 'queue';
      queue: string;
      batchSize: number;
      maxBatchingWindowSeconds: number;
      /**
       * Concurrent invocations this queue may hold (SQS event source `maxConcurrency`, 2–1000):
       * each agency queue is capped on its own, so a slow agency cannot take the others' share.
       */
      maxConcurrency: number;
    };

/** Concurrent deliveries per agency queue. */
export const AGENCY_QUEUE_MAX_CONCURRENCY = 5;

export const CONSUMERS: ConsumerSpec[] = [
  {
    function: 'routeDossierEvents',
    kind: 'stream',
    table: 'dossiers',
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    retryAttempts: 10,
    onFailureQueue: 'route-dossier-events-failures',
    // Two batches per shard: routing keeps up with bursts, and a dossier's records stay in order.
    parallelizationFactor: 2,
  },
  {
    function: 'aggregateDossierStats',
    kind: 'stream',
    table: 'dossiers',
    batchSize: 500,
    maxBatchingWindowSeconds: 1,
    retryAttempts: 10,
    onFailureQueue: 'aggregate-dossier-stats-failures',
    // One batch per shard: batches write the same counter items in transactions, and concurrent
    // ones would only cancel each other.
    parallelizationFactor: 1,
  },
  ...AGENCY_QUEUES.map(
    (queue): ConsumerSpec => ({
      function: 'deliverToAgency',
      kind: 'queue',
      queue: queue.id,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: AGENCY_QUEUE_MAX_CONCURRENCY,
    }),
  ),
  {
    function: 'syncToPortal',
    kind: 'queue',
    queue: PORTAL_SYNC_QUEUE.id,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    // The fewest SQS allows: few dossiers are sent side by side, so few cross at the portal.
    maxConcurrency: 2,
  },
  {
    function: 'sendNotifications',
    kind: 'queue',
    queue: NOTIFY_QUEUE.id,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 5,
  },
];

/**
 * A queue's visibility timeout: its spec, but at least six times its consumer's timeout, as AWS
 * advises for Lambda event source mappings (a batch being retried is not received twice).
 */
export function queueVisibilityTimeoutSeconds(queue: TargetQueueSpec): number {
  const consumerTimeouts = CONSUMERS.filter((c) => c.kind === 'queue' && c.queue === queue.id).map((c) =>
    functionTimeoutSeconds(FUNCTIONS[c.function]),
  );
  return Math.max(queue.visibilityTimeoutSeconds, ...consumerTimeouts.map((t) => 6 * t));
}

/**
 * S3 notifications of the documents bucket: ObjectCreated under the prefix invokes the function
 * (in AWS an S3 event notification; locally fauxqs' upload events, see infra/local/uploads.ts).
 */
export type UploadNotificationSpec = { function: FunctionId; prefix: DocumentPrefix };
export const UPLOAD_NOTIFICATIONS: UploadNotificationSpec[] = [
  { function: 'verifyUpload', prefix: 'pending' },
];

// ---------------------------------------------------------------------------------------------
// Schedules (EventBridge rules; the local runtime's timers)

export type ScheduleSpec = { function: FunctionId; rateMinutes: number };

export const SCHEDULES: ScheduleSpec[] = [{ function: 'sweepOverdue', rateMinutes: 15 }];

// ---------------------------------------------------------------------------------------------
// Custom metrics (Powertools, EMF): the namespace and `service` dimension every function gets
// (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME), and the metrics alarms and the
// dashboard read. Dimensions stay bounded: channel (3), agency system (7), center (the catalog's).

export const METRICS_NAMESPACE = 'motcua';
export const SERVICE_NAME = 'motcua';
export const METRICS = {
  /** Dossiers filed, dimension `channel` (ONLINE, DIRECT, POSTAL). */
  dossiersReceived: 'DossiersReceived',
  /** Dossiers the sweep marked overdue, dimension `centerId` or `agencyId`. */
  overdueDossiers: 'OverdueDossiers',
  /** Due dates computed on a year the calendar does not hold yet (provisional). */
  calendarProvisional: 'CalendarProvisional',
} as const;

// ---------------------------------------------------------------------------------------------
// Payments (docs/api.md, Payments)

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

// ---------------------------------------------------------------------------------------------
// Notifications (docs/api.md, Notifications)

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
