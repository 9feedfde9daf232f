import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { TABLES } from '#infra/topology.ts';
import { idempotencyConfig, idempotencyStore } from '#shared/adapters/idempotency.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { catalog, dossierStore } from '#shared/config/services.ts';
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

// A message seen before (same event id) is not delivered twice.
const deliverOnce = makeIdempotent(
  async (message: z.infer<typeof RoutingMessageSchema>) => {
    const outcome = await deliverToAgency(
      { catalog: catalog(), dossiers: dossierStore(), now: () => new Date() },
      message,
    );
    logger.info('dossier delivered', {
      dossierCode: message.dossierCode,
      agencyId: message.agencyId,
      outcome,
    });
    metrics.addMetric(`Delivery_${outcome}`, 'Count', 1);
    return { outcome };
  },
  { persistenceStore: idempotencyStore(requiredEnv(TABLES.idempotency.envVar)), config },
);

async function deliverRecord(record: SQSRecord): Promise<void> {
  const message = RoutingMessageSchema.parse(JSON.parse(record.body));
  await deliverOnce(message);
}

/** Agency handler: one agency queue's batch → deliveries, failing only the records that failed. */
export const handler = middy(async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, deliverRecord, processor, { context });
})
  .use(publishStoredMetrics())
  .use(injectLambdaContext(logger, { resetKeys: true }));
