/**
 * The one description of motcua's resources: tables, queues, bucket, HTTP routes and
 * event consumers. The CDK stack (infra/stack.ts) and the embedded local runtime
 * (infra/local/) are both built from it, and test/infra/topology.test.ts keeps them equal.
 *
 * Plain data only: no CDK or SDK imports, so the local runtime can read it. What functions read
 * at run time (variable names, table ids, routes) lives in shared/config/runtime-names.ts and
 * shared/config/routes.ts, re-exported here: no function bundle holds this file.
 */
import { ALL_SCOPES, SCOPES, type Scope } from '#shared/config/routes.ts';
import {
  type DocumentPrefix,
  NOTIFY_QUEUE_URL_ENV,
  PORTAL_SYNC_QUEUE_URL_ENV,
  RECEIPT_FONT_FILES,
  TABLE_NAME_ENV,
  type TableId,
} from '#shared/config/runtime-names.ts';

export * from '#shared/config/routes.ts';
export * from '#shared/config/runtime-names.ts';

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
    envVar: TABLE_NAME_ENV.dossiers,
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
    envVar: TABLE_NAME_ENV.catalog,
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
    envVar: TABLE_NAME_ENV.idempotency,
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiration',
  },
  /** One circuit breaker per agency endpoint (shared/domain/circuit-breaker.ts), keyed by agency system. */
  circuits: {
    id: 'circuits',
    envVar: TABLE_NAME_ENV.circuits,
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
    envVar: TABLE_NAME_ENV.attachments,
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
    envVar: TABLE_NAME_ENV.clientRates,
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
    envVar: TABLE_NAME_ENV.stats,
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
  urlEnv: PORTAL_SYNC_QUEUE_URL_ENV,
};

/**
 * Status changes to tell applicants about (docs/api.md, Notifications): the stream router
 * sends one message per change, the notification sender consumes it. Five receives, then the
 * DLQ (a provider down for minutes is retried; a poison message is not retried for a day).
 */
export const NOTIFY_QUEUE: ServiceQueueSpec = {
  id: 'notify',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
  urlEnv: NOTIFY_QUEUE_URL_ENV,
};
export const SERVICE_QUEUES: ServiceQueueSpec[] = [PORTAL_SYNC_QUEUE, NOTIFY_QUEUE];

/**
 * Physical names of a queue and of its dead-letter queue: `<prefix>-<queue id>[-dlq]`, the
 * prefix being the stack name in AWS (`Motcua-prod`: unique per stage) and `motcua` locally.
 * `npm run redrive -- <queue id>` finds both by these names.
 */
export const queuePhysicalName = (prefix: string, queueId: string): string => `${prefix}-${queueId}`;
export const deadLetterQueuePhysicalName = (prefix: string, queueId: string): string =>
  `${prefix}-${queueId}-dlq`;

// ---------------------------------------------------------------------------------------------
// Bucket

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
 * do the CPU-heavy ones (receipt PDF, XLSX report, report counters).
 */
export const WAITING_FUNCTION_MEMORY_MIB = 512;
export const functionTimeoutSeconds = (spec: FunctionSpec): number =>
  spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds;
export const functionMemoryMiB = (spec: FunctionSpec): number =>
  spec.memoryMiB ?? FUNCTION_DEFAULTS.memoryMiB;

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
    // Dossiers: the portal sync marks of dossiers counted for the first time.
    tables: [CATALOG_RO, DOSSIERS_RO, { table: 'stats', access: 'RW' }],
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
    // Reads and hashes up to 20 MiB. The hash runs as the bytes stream in from S3 (a typical
    // upload is a few hundred KB): the reads, the copy and the delete set its time, not the CPU.
    timeoutSeconds: 60,
    memoryMiB: WAITING_FUNCTION_MEMORY_MIB,
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
// HTTP routes: ROUTES, routeFor and the scopes, in shared/config/routes.ts (re-exported above).

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
    // Reports can be seconds behind: a longer window makes fewer, larger batches (invocations,
    // and one transaction for many dossiers) at the province's few records a second.
    maxBatchingWindowSeconds: 5,
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
    // The portal may be seconds behind: fuller batches, fewer invocations.
    maxBatchingWindowSeconds: 5,
    // The fewest SQS allows: few dossiers are sent side by side, so few cross at the portal.
    maxConcurrency: 2,
  },
  {
    function: 'sendNotifications',
    kind: 'queue',
    queue: NOTIFY_QUEUE.id,
    batchSize: 10,
    // An email may leave seconds later: fuller batches, fewer invocations.
    maxBatchingWindowSeconds: 5,
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
// dashboard read (their names: METRICS, shared/config/runtime-names.ts). Dimensions stay bounded:
// channel (3), agency system (7), center (the catalog's).

export const METRICS_NAMESPACE = 'motcua';
export const SERVICE_NAME = 'motcua';
