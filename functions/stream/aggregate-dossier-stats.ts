import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromDossierItem } from '#shared/adapters/dossier-item.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { statsStore } from '#shared/config/services/stats-store.ts';
import type { CountedDossier } from '#shared/domain/reports.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';

/** The dossier images of a stream batch (the new image of each change of a dossier item). */
export function dossierImages(event: DynamoDBStreamEvent): CountedDossier[] {
  return event.Records.flatMap((record) => {
    const raw = record.dynamodb?.NewImage;
    if (!raw) return [];
    const item = unmarshall(raw as Record<string, AttributeValue>);
    return item.entity === 'DOSSIER' ? [fromDossierItem(item) as CountedDossier] : [];
  });
}

/**
 * Stats aggregator: dossiers table stream → report counters. The whole batch is counted at
 * once (its writes batched into transactions); a failure fails the batch, which the stream
 * retries: counting is idempotent, so what was already counted is skipped then.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { applied } = await aggregateDossierStats(
    { stats: statsStore(), calendar: () => catalog().calendar() },
    dossierImages(event),
  );
  logger.debug('dossier changes counted', { records: event.Records.length, applied });
  return { batchItemFailures: [] };
}).use(injectLambdaContext(logger, { resetKeys: true }));
