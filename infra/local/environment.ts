/**
 * The environment the handlers read, as the stack gives it to each Lambda function: table
 * names under each table's `envVar`, AGENCY_QUEUE_URLS, DOCUMENTS_BUCKET_NAME, the retry base
 * of agency deliveries, the cursor key, the Powertools settings, and the AWS SDK's standard variables pointing
 * every client at the emulators. The local process sets it before it imports a handler module.
 */
import { randomBytes } from 'node:crypto';
import {
  AGENCY_QUEUE_URLS_ENV,
  CURSOR_KEY_ENV,
  DOCUMENTS_BUCKET,
  NOTIFY_TRANSPORT_ENV,
  PAYMENT_SECRET_ENV,
  RETRY_BASE_SECONDS_ENV,
  TABLES,
  type TableId,
} from '#infra/topology.ts';
import type { LocalResources } from './provision.ts';

/**
 * Knobs of the README's local runtime table: handlers read them from the environment untouched
 * (MOTCUA_RETRY_BASE_SECONDS too, except that local mode defaults it: see handlerEnvironment).
 */
export const PASSTHROUGH_ENV = [
  'MOTCUA_PORTAL_SYNC_URL',
  'MOTCUA_AGENCY_WEBHOOKS',
  'MOTCUA_WEBHOOK_SECRET',
  'MOTCUA_OFFICE_HOURS',
  'MOTCUA_RETRY_BASE_SECONDS',
  'MOTCUA_CLIENT_RATE_LIMIT',
  'MOTCUA_CORS_ORIGINS',
  'MOTCUA_LOOKUP_RATE_LIMIT',
  'MOTCUA_PUBLIC_BASE_URL',
  'MOTCUA_PAYMENT_SECRET',
  'MOTCUA_NOTIFY_URL',
] as const;

/** Variables that must not leak from the developer's shell into local handlers. */
const REMOVED_ENV = [
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ENDPOINT_URL',
  // Local handlers use the installation's cursor key, never a secret in some AWS account.
  'MOTCUA_CURSOR_KEY_ARN',
  // Idempotency is part of the behaviour under test: it stays on locally.
  'POWERTOOLS_IDEMPOTENCY_DISABLED',
] as const;

export type HandlerEnvironmentInput = Pick<
  LocalResources,
  'region' | 'endpoints' | 'credentials' | 'agencyQueueUrls' | 'bucket'
> & {
  tables: Record<TableId, { name: string }>;
  /** The service's own queues (portal sync, notify); callers without them get no URLs. */
  serviceQueues?: Record<string, { url: string; spec: { urlEnv: string } }>;
};

/**
 * Local default of MOTCUA_RETRY_BASE_SECONDS: a failed agency delivery comes back after 2, 4, 8
 * and 16 s (AWS: 30, 60, 120, 240 s), so local retries and the DLQ are seen within a minute.
 */
export const LOCAL_RETRY_BASE_SECONDS = 2;

export type HandlerEnvironmentOptions = {
  /** The handlers' POWERTOOLS_LOG_LEVEL (`LOG_LEVEL`); default WARN: local logs stay quiet unless asked. */
  logLevel?: string | undefined;
  /**
   * MOTCUA_RETRY_BASE_SECONDS for the handlers. Unset: the variable from `env` if it has one,
   * else LOCAL_RETRY_BASE_SECONDS.
   */
  retryBaseSeconds?: number | undefined;
  /**
   * MOTCUA_CURSOR_KEY: the installation's key from the state file. Unset: a fresh random key,
   * so cursors of one in-memory run are worthless to the next.
   */
  cursorKey?: string | undefined;
  /** Where an unset option is looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
};

export function handlerEnvironment(
  resources: HandlerEnvironmentInput,
  options: HandlerEnvironmentOptions = {},
): Record<string, string> {
  const retryBase =
    options.retryBaseSeconds ??
    ((options.env ?? process.env)[RETRY_BASE_SECONDS_ENV]?.trim() || LOCAL_RETRY_BASE_SECONDS);
  return {
    AWS_REGION: resources.region,
    AWS_DEFAULT_REGION: resources.region,
    AWS_ACCESS_KEY_ID: resources.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: resources.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: resources.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: resources.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: resources.endpoints.s3,
    ...Object.fromEntries(
      (Object.keys(TABLES) as TableId[]).map((id) => [TABLES[id].envVar, resources.tables[id].name]),
    ),
    [AGENCY_QUEUE_URLS_ENV]: JSON.stringify(resources.agencyQueueUrls),
    [DOCUMENTS_BUCKET.envVar]: resources.bucket,
    ...Object.fromEntries(Object.values(resources.serviceQueues ?? {}).map((q) => [q.spec.urlEnv, q.url])),
    // Notifications are captured (or posted to MOTCUA_NOTIFY_URL), never sent, locally.
    [NOTIFY_TRANSPORT_ENV]: 'local',
    [RETRY_BASE_SECONDS_ENV]: String(retryBase),
    [CURSOR_KEY_ENV]: options.cursorKey ?? randomBytes(32).toString('base64url'),
    // The simulated gateway's secret: MOTCUA_PAYMENT_SECRET, or one made up for this run.
    [PAYMENT_SECRET_ENV]:
      (options.env ?? process.env)[PAYMENT_SECRET_ENV]?.trim() || randomBytes(32).toString('base64url'),
    POWERTOOLS_SERVICE_NAME: 'motcua',
    POWERTOOLS_METRICS_NAMESPACE: 'motcua',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: options.logLevel?.trim() ? options.logLevel.trim().toUpperCase() : 'WARN',
  };
}

/** Puts `env` into `target` (process.env by default) and removes what must not leak in. */
export function applyEnvironment(env: Record<string, string>, target: NodeJS.ProcessEnv = process.env): void {
  for (const name of REMOVED_ENV) delete target[name];
  Object.assign(target, env);
}
