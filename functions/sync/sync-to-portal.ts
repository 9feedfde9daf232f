import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { RetryDelays } from '#shared/adapters/agency-queues.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import {
  DEFAULT_RETRY_BASE_SECONDS,
  PORTAL_SYNC_QUEUE_URL_ENV,
  RETRY_BASE_SECONDS_ENV,
  RETRY_POLICY,
} from '#shared/config/runtime-names.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { portalSyncEndpoint } from '#shared/config/services/portal-sync-endpoint.ts';
import * as z from '#shared/contract/zod.ts';
import { logger, metrics, publishStoredMetrics } from '#shared/runtime/powertools.ts';
import { syncToPortal } from '#shared/use-cases/sync-to-portal.ts';

const PortalSyncMessageSchema = z.object({
  dossierCode: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.gte(1)),
});

const processor = new BatchProcessor(EventType.SQS);
const retryDelays = new RetryDelays(
  sqs,
  { portalSync: process.env[PORTAL_SYNC_QUEUE_URL_ENV] ?? '' },
  {
    baseSeconds: Number(process.env[RETRY_BASE_SECONDS_ENV] ?? DEFAULT_RETRY_BASE_SECONDS),
    maxDelaySeconds: RETRY_POLICY.maxDelaySeconds,
  },
);

/**
 * One message: a failure (the portal down, or no portal URL configured) makes it visible again
 * later, backing off per receive; after the queue's maxReceiveCount it moves to the DLQ, kept
 * 14 days for `npm run redrive -- portal-sync`. Logs name the dossier and version only: the
 * bodies carry personal data.
 */
async function syncRecord(record: SQSRecord): Promise<void> {
  const message = PortalSyncMessageSchema.parse(JSON.parse(record.body));
  try {
    const outcome = await syncToPortal(
      { catalog: catalog(), dossiers: dossierStore(), portal: portalSyncEndpoint(), now: () => new Date() },
      message,
    );
    logger.info('portal sync', { ...message, outcome });
    metrics.addMetric(`PortalSync_${outcome}`, 'Count', 1);
  } catch (error) {
    logger.warn('portal sync failed; the queue keeps and retries it', {
      ...message,
      receiveCount: record.attributes.ApproximateReceiveCount,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    await retryDelays.backOff(record);
    throw error;
  }
}

/** Portal sync sender: the sync queue's batch → posts to the portal, failing only what failed. */
export const handler = middy(async (event: SQSEvent, context: Context) => {
  // One message after another, so two messages of one dossier do not cross at the portal.
  return processPartialResponse(event, syncRecord, processor, { context, processInParallel: false });
})
  .use(publishStoredMetrics())
  .use(injectLambdaContext(logger, { resetKeys: true }));
