import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { RetryDelays } from '#shared/adapters/agency-queues.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import { jsonEnv } from '#shared/config/env.ts';
import {
  AGENCY_QUEUE_URLS_ENV,
  DEFAULT_RETRY_BASE_SECONDS,
  RETRY_BASE_SECONDS_ENV,
  RETRY_POLICY,
} from '#shared/config/runtime-names.ts';
import { agencyEndpoints } from '#shared/config/services/agency-endpoints.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import * as z from '#shared/contract/zod.ts';
import { logger, metrics, publishStoredMetrics } from '#shared/runtime/powertools.ts';
import { deliverToAgency } from '#shared/use-cases/deliver-to-agency.ts';

const RoutingMessageSchema = z.object({
  eventId: z.string().check(z.minLength(1)),
  dossierCode: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.gte(1)),
  status: z.string(),
  agencyId: z.string().check(z.minLength(1)),
});

const processor = new BatchProcessor(EventType.SQS);
const retryDelays = new RetryDelays(sqs, jsonEnv<Record<string, string>>(AGENCY_QUEUE_URLS_ENV, {}), {
  baseSeconds: Number(process.env[RETRY_BASE_SECONDS_ENV] ?? DEFAULT_RETRY_BASE_SECONDS),
  maxDelaySeconds: RETRY_POLICY.maxDelaySeconds,
});

/**
 * One routing message, delivered. No idempotency record of its own (it cost two writes per
 * message): the delivery is idempotent as it is. A repeat of a PROCESS message finds the
 * dossier started (a newer version: superseded) or starts it in one conditional write that
 * only one of them wins; a repeat of a post delivered before posts the same `X-Motcua-Event-Id`
 * again, which agencies drop (docs/api.md §9).
 */
async function deliver(message: z.infer<typeof RoutingMessageSchema>): Promise<void> {
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
}

/**
 * One message: a failure makes it visible again later, backing off per receive; after the
 * queue's maxReceiveCount it moves to the DLQ.
 */
async function deliverRecord(record: SQSRecord): Promise<void> {
  try {
    const message = RoutingMessageSchema.parse(JSON.parse(record.body));
    await deliver(message);
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
  return processPartialResponse(event, deliverRecord, processor, { context });
})
  .use(publishStoredMetrics())
  .use(injectLambdaContext(logger, { resetKeys: true }));
