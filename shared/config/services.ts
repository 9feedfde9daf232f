/**
 * The composition root: adapters built once per execution environment from the configuration
 * the stack (or the local runtime) put in the environment.
 */
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_WEBHOOKS_ENV,
  CIRCUIT_BREAKER,
  DOCUMENTS_BUCKET,
  NOTIFY_EMAIL_FROM_ENV,
  NOTIFY_QUEUE_URL_ENV,
  NOTIFY_SMS_ORIGINATOR_ENV,
  NOTIFY_TRANSPORT_ENV,
  NOTIFY_URL_ENV,
  PORTAL_SYNC_QUEUE_URL_ENV,
  PORTAL_SYNC_SECRET_ARN_ENV,
  PORTAL_SYNC_URL_ENV,
  PUBLIC_LOOKUP_URL_ENV,
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
import { DynamoNotificationStore } from '#shared/adapters/notification-store.ts';
import {
  AwsNotificationTransport,
  LocalNotificationTransport,
} from '#shared/adapters/notification-transports.ts';
import { SqsNotifyQueue } from '#shared/adapters/notify-queue.ts';
import { HmacPaymentGateway } from '#shared/adapters/payment-gateway.ts';
import { DynamoPaymentStore } from '#shared/adapters/payment-store.ts';
import { HttpPortalSync, UnconfiguredPortalSync } from '#shared/adapters/portal-sync-endpoint.ts';
import { SqsPortalSyncQueue } from '#shared/adapters/portal-sync-queue.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import { CircuitBreakingEndpoints } from '#shared/use-cases/circuit-breaker.ts';
import { jsonEnv, requiredEnv } from './env.ts';
import { officeHours } from './office-hours.ts';
import { paymentGatewayUrl, paymentSecret } from './payment-gateway.ts';
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
export const paymentStore = once(
  () => new DynamoPaymentStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
export const paymentGateway = once(() => new HmacPaymentGateway(paymentGatewayUrl, paymentSecret));
export const notifyQueue = once(() => new SqsNotifyQueue(sqs, requiredEnv(NOTIFY_QUEUE_URL_ENV)));
export const notificationStore = once(
  () => new DynamoNotificationStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
/** SES and End User Messaging in AWS; locally (MOTCUA_NOTIFY_TRANSPORT=local) captured or posted. */
export const notificationTransport = once(() =>
  process.env[NOTIFY_TRANSPORT_ENV] === 'local'
    ? new LocalNotificationTransport(process.env[NOTIFY_URL_ENV] || undefined)
    : new AwsNotificationTransport({
        emailFrom: process.env[NOTIFY_EMAIL_FROM_ENV] || undefined,
        smsOriginator: process.env[NOTIFY_SMS_ORIGINATOR_ENV] || undefined,
      }),
);
/** The public lookup page messages link to, read when used (locally known once the server listens). */
export const publicLookupUrl = (): string => requiredEnv(PUBLIC_LOOKUP_URL_ENV);
