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
export type IndexSpec = { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute };
export type TableId = 'dossiers' | 'catalog' | 'idempotency' | 'stats';
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
    indexes: [
      // Worklists: a center's dossiers, newest first.
      {
        name: 'byCenter',
        partitionKey: { name: 'centerId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
      },
      // Sparse: the dossiers routed to the agency system that decides them, newest first.
      {
        name: 'byRoutedAgency',
        partitionKey: { name: 'routedAgencyId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
      },
      // Sparse: the dossiers routed to the agency system that decides them, by competent unit
      // (`<agencyId>#<unitId>`): the worklists of unit-bound agency clients, newest first.
      {
        name: 'byRoutedUnit',
        partitionKey: { name: 'routedUnit', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
      },
      // The portal's (or any submitting client's) own dossiers.
      {
        name: 'bySubmitter',
        partitionKey: { name: 'submittedBy', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
      },
      // Sparse: results routed for delivery (POSTAL results to the post), newest first.
      {
        name: 'byDelivery',
        partitionKey: { name: 'deliveryAgencyId', type: 'S' },
        sortKey: { name: 'submittedKey', type: 'S' },
      },
      // Sparse: dossiers whose clock runs, by due date, spread over a few shards so the overdue
      // sweep has no hot partition.
      {
        name: 'byDue',
        partitionKey: { name: 'dueShard', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
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
  /** Powertools idempotency records of consumed events (submissions keep theirs with the dossier). */
  idempotency: {
    id: 'idempotency',
    envVar: 'IDEMPOTENCY_TABLE_NAME',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiration',
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

export type QueueSpec = {
  id: string;
  agencyId: AgencySystemId;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
};

export const AGENCY_QUEUES: QueueSpec[] = AGENCY_SYSTEMS.map((agencyId) => ({
  id: `agency-${agencyId}`,
  agencyId,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
}));

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
export const DEFAULT_RETRY_BASE_SECONDS = 30;
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

// ---------------------------------------------------------------------------------------------
// Functions

export type TableAccess = { table: TableId; access: 'RO' | 'RW' };
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
  /** Signs webhooks: gets the agency webhook URLs and may read the webhook secret. */
  usesWebhookSecret?: boolean;
  /** Pages with cursors: may read the cursor key. */
  usesCursorKey?: boolean;
  timeoutSeconds?: number;
  memoryMiB?: number;
};

/** What a function gets where its spec says nothing. */
export const FUNCTION_DEFAULTS = { timeoutSeconds: 10, memoryMiB: 1024 } as const;
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

export const FUNCTIONS = {
  listCenters: api('list-centers', [CATALOG_RO]),
  listUnits: api('list-units', [CATALOG_RO]),
  listAgencies: api('list-agencies', [CATALOG_RO]),
  listProcedures: api('list-procedures', [CATALOG_RO], { usesCursorKey: true }),
  getProcedure: api('get-procedure', [CATALOG_RO]),
  submitDossier: api('submit-dossier', [CATALOG_RO, { table: 'dossiers', access: 'RW' }]),
  getDossier: api('get-dossier', [CATALOG_RO, { table: 'dossiers', access: 'RO' }]),
  listDossiers: api('list-dossiers', [CATALOG_RO, { table: 'dossiers', access: 'RO' }], {
    usesCursorKey: true,
  }),
  putCalendar: api('put-calendar', [{ table: 'catalog', access: 'RW' }]),
  putProcedure: api('put-procedure', [{ table: 'catalog', access: 'RW' }]),
  actOnDossier: api('act-on-dossier', [CATALOG_RO, { table: 'dossiers', access: 'RW' }]),
  getOpenApi: api('get-openapi', []),
  getMonthlyReport: api('get-monthly-report', [CATALOG_RO, { table: 'stats', access: 'RO' }]),
  getIndicators: api('get-indicators', [CATALOG_RO, { table: 'stats', access: 'RO' }]),
  importDossiers: api('import-dossiers', [CATALOG_RO, { table: 'dossiers', access: 'RW' }], {
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
    tables: [CATALOG_RO, { table: 'dossiers', access: 'RW' }, { table: 'idempotency', access: 'RW' }],
    usesWebhookSecret: true,
    agencyQueues: 'consume',
    timeoutSeconds: 30,
  },
  sweepOverdue: {
    id: 'sweep-overdue',
    entry: 'functions/schedule/sweep-overdue.ts',
    tables: [{ table: 'dossiers', access: 'RW' }],
    timeoutSeconds: 300,
  },
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
  route('GET', '/v1/reports/monthly', 'getMonthlyReport', [SCOPES.reports]),
  route('GET', '/v1/reports/indicators', 'getIndicators', [SCOPES.reports]),
  route('POST', '/v1/admin/dossiers:import', 'importDossiers', [SCOPES.admin]),
];

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
    }
  | {
      function: FunctionId;
      kind: 'queue';
      queue: string;
      batchSize: number;
      maxBatchingWindowSeconds: number;
    };

export const CONSUMERS: ConsumerSpec[] = [
  {
    function: 'routeDossierEvents',
    kind: 'stream',
    table: 'dossiers',
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    retryAttempts: 10,
    onFailureQueue: 'route-dossier-events-failures',
  },
  {
    function: 'aggregateDossierStats',
    kind: 'stream',
    table: 'dossiers',
    batchSize: 500,
    maxBatchingWindowSeconds: 1,
    retryAttempts: 10,
    onFailureQueue: 'aggregate-dossier-stats-failures',
  },
  ...AGENCY_QUEUES.map(
    (queue): ConsumerSpec => ({
      function: 'deliverToAgency',
      kind: 'queue',
      queue: queue.id,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
    }),
  ),
];

/**
 * A queue's visibility timeout: its spec, but at least six times its consumer's timeout, as AWS
 * advises for Lambda event source mappings (a batch being retried is not received twice).
 */
export function queueVisibilityTimeoutSeconds(queue: QueueSpec): number {
  const consumerTimeouts = CONSUMERS.filter((c) => c.kind === 'queue' && c.queue === queue.id).map((c) =>
    functionTimeoutSeconds(FUNCTIONS[c.function]),
  );
  return Math.max(queue.visibilityTimeoutSeconds, ...consumerTimeouts.map((t) => 6 * t));
}

// ---------------------------------------------------------------------------------------------
// Schedules (EventBridge rules; the local runtime's timers)

export type ScheduleSpec = { function: FunctionId; rateMinutes: number };

export const SCHEDULES: ScheduleSpec[] = [{ function: 'sweepOverdue', rateMinutes: 15 }];
