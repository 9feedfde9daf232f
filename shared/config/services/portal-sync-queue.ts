import { SqsPortalSyncQueue } from '#shared/adapters/portal-sync-queue.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import { PORTAL_SYNC_QUEUE_URL_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

/** Where dossier changes are queued for the national portal. */
export const portalSyncQueue = once(
  () => new SqsPortalSyncQueue(sqs, requiredEnv(PORTAL_SYNC_QUEUE_URL_ENV)),
);
