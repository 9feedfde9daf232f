import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import {
  AGENCY_QUEUE_URLS_ENV,
  DEFAULT_RETRY_BASE_SECONDS,
  RETRY_BASE_SECONDS_ENV,
  RETRY_POLICY,
  TABLES,
} from '#infra/topology.ts';
import { RetryDelays } from '#shared/adapters/agency-queues.ts';
import { idempotencyConfig, idempotencyStore } from '#shared/adapters/idempotency.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import { jsonEnv, requiredEnv } from '#shared/config/env.ts';
import { agencyEndpoints } from '#shared/config/services/agency-endpoints.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { logger, metrics, publishStoredMetrics } from '#shared/runtime/powertools.ts';
import { deliverToAgency } from '#shared/use-cases/deliver-to-agency.ts';

const RoutingMessageSchema = z.object({
  eventId: z.string().min(1),
  dossierCode: z.string().min(1),
  version: z.number().int().min(1),
  status: z.string(),
  agencyId: z.string().min(1),
});

const processor = new BatchProcessor(EventType.SQS);
const config = idempotencyConfig({ key: 'eventId', expiresAfterSeconds: 7 * 24 * 60 * 60 });
const retryDelays = new RetryDelays(sqs, jsonEnv<Record<string, string>>(AGENCY_QUEUE_URLS_ENV, {}), {
  baseSeconds: Number(process.env[RETRY_BASE_SECONDS_ENV] ?? DEFAULT_RETRY_BASE_SECONDS),
  maxDelaySeconds: RETRY_POLICY.maxDelaySeconds,
});

// A message delivered before (same event id) is not delivered again.
const deliverOnce = makeIdempotent(
  async (message: z.infer<typeof RoutingMessageSchema>) => {
    const outcome = await deliverToAgency(
      { catalog: catalog(), dossiers: dossierStore(), endpoints: agencyEndpoints(), now: () => new Date() },
      message,
    );
    logger.info('dossier delivery', {
      dossierCode: message.dossierCode,
      agencyId: message.agencyId,
      outcome,
    });
    metrics.addMetric(`Delivery_${outcome}`, 'Count', 1);
    return { outcome };
  },
  { persistenceStore: idempotencyStore(requiredEnv(TABLES.idempotency.envVar)), config },
);

/**
 * One message: a failure makes it visible again later, backing off per receive; after the
 * queue's maxReceiveCount it moves to the DLQ.
 */
async function deliverRecord(record: SQSRecord): Promise<void> {
  try {
    const message = RoutingMessageSchema.parse(JSON.parse(record.body));
    await deliverOnce(message);
  } catch (error) {
    logger.warn('delivery failed; the queue retries it', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    await retryDelays.backOff(record);
    throw error;
  }
}

/** Agency handler: one agency queue's batch → deliveries, failing only the records that failed. */
export const handler = middy(async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, deliverRecord, processor, { context });
})
  .use(publishStoredMetrics())
  .use(injectLambdaContext(logger, { resetKeys: true }));
