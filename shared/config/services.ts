/**
 * The composition root: adapters built once per execution environment from the configuration
 * the stack (or the local runtime) put in the environment.
 */
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_WEBHOOKS_ENV,
  CIRCUIT_BREAKER,
  DOCUMENTS_BUCKET,
  PORTAL_SYNC_QUEUE_URL_ENV,
  PORTAL_SYNC_SECRET_ARN_ENV,
  PORTAL_SYNC_URL_ENV,
  TABLES,
  WEBHOOK_SECRET_ENV,
} from '#infra/topology.ts';
import { SqsAgencyQueues } from '#shared/adapters/agency-queues.ts';
import { WebhookEndpoints } from '#shared/adapters/agency-webhooks.ts';
import { DynamoAttachmentStore } from '#shared/adapters/attachment-store.ts';
import { documentClient, s3, sqs } from '#shared/adapters/aws-clients.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { DynamoCircuitStore } from '#shared/adapters/circuit-store.ts';
import { S3DocumentStorage } from '#shared/adapters/document-storage.ts';
import { DynamoDossierStore } from '#shared/adapters/dossier-store.ts';
import { DynamoLegacyDossierStore } from '#shared/adapters/legacy-dossier-store.ts';
import { HttpPortalSync, UnconfiguredPortalSync } from '#shared/adapters/portal-sync-endpoint.ts';
import { SqsPortalSyncQueue } from '#shared/adapters/portal-sync-queue.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import { CircuitBreakingEndpoints } from '#shared/use-cases/circuit-breaker.ts';
import { jsonEnv, requiredEnv } from './env.ts';
import { officeHours } from './office-hours.ts';
import { deploymentSecret } from './secret.ts';
import { webhookSecret } from './webhook-secret.ts';

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};

export const catalog = once(
  () => new DynamoCatalog(documentClient, requiredEnv(TABLES.catalog.envVar), officeHours()),
);
export const dossierStore = once(
  () => new DynamoDossierStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
export const agencyQueues = once(
  () => new SqsAgencyQueues(sqs, jsonEnv<Record<string, string>>(AGENCY_QUEUE_URLS_ENV, {})),
);
/** The agency webhooks, each endpoint behind its circuit breaker (state in the circuits table). */
export const agencyEndpoints = once(
  () =>
    new CircuitBreakingEndpoints(
      new WebhookEndpoints(jsonEnv<Record<string, string>>(AGENCY_WEBHOOKS_ENV, {}), webhookSecret),
      new DynamoCircuitStore(documentClient, requiredEnv(TABLES.circuits.envVar)),
      CIRCUIT_BREAKER,
      () => new Date(),
    ),
);
export const attachmentStore = once(
  () => new DynamoAttachmentStore(documentClient, requiredEnv(TABLES.attachments.envVar)),
);
export const documentStorage = once(() => new S3DocumentStorage(s3, requiredEnv(DOCUMENTS_BUCKET.envVar)));
export const statsStore = once(() => new DynamoStatsStore(documentClient, requiredEnv(TABLES.stats.envVar)));
export const legacyDossierStore = once(
  () => new DynamoLegacyDossierStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);

/** Where dossier changes are queued for the national portal. */
export const portalSyncQueue = once(
  () => new SqsPortalSyncQueue(sqs, requiredEnv(PORTAL_SYNC_QUEUE_URL_ENV)),
);
/**
 * The national portal's sync endpoint, signed with its own secret in AWS (locally the webhook
 * secret); without a URL (local runtime) nothing is posted and messages stay queued.
 */
export const portalSyncEndpoint = once(() => {
  const url = process.env[PORTAL_SYNC_URL_ENV]?.trim();
  if (!url) return new UnconfiguredPortalSync();
  return new HttpPortalSync(url, () =>
    deploymentSecret(PORTAL_SYNC_SECRET_ARN_ENV, WEBHOOK_SECRET_ENV, 'sign portal sync posts'),
  );
});
