import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fromDossierItem } from '#shared/adapters/dossier-item.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { statsStore } from '#shared/config/services/stats-store.ts';
import { syncMarks as syncMarkItems } from '#shared/config/services/sync-marks.ts';
import type { CountedDossier } from '#shared/domain/reports.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';

/** The dossier images of a stream batch (the new image of each change of a dossier item). */
export function dossierImages(event: DynamoDBStreamEvent): CountedDossier[] {
  return event.Records.flatMap((record) => {
    const item = newImage(record);
    return item?.entity === 'DOSSIER' ? [fromDossierItem(item) as CountedDossier] : [];
  });
}

/**
 * The dossiers whose portal sync mark (`#SYNC`, beside the dossier item, written by the sender)
 * changed in a stream batch: the portal holds some version of them.
 */
export function syncMarks(event: DynamoDBStreamEvent): string[] {
  return event.Records.flatMap((record) => {
    const item = newImage(record);
    const pk = typeof item?.pk === 'string' ? item.pk : '';
    return item?.entity === 'SYNC' && item.syncedVersion !== undefined && pk.startsWith(DOSSIER_PREFIX)
      ? [pk.slice(DOSSIER_PREFIX.length)]
      : [];
  });
}

const DOSSIER_PREFIX = 'DOSSIER#';

function newImage(record: DynamoDBStreamEvent['Records'][number]) {
  const raw = record.dynamodb?.NewImage;
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

/**
 * Stats aggregator: dossiers table stream (dossier items and their portal sync marks) → report
 * counters. The whole batch is counted at once (its writes batched into transactions); a failure
 * fails the batch, which the stream retries: counting is idempotent, so what was already counted
 * is skipped then.
 */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { applied } = await aggregateDossierStats(
    { stats: statsStore(), syncMarks: syncMarkItems(), calendar: () => catalog().calendar() },
    dossierImages(event),
    syncMarks(event),
  );
  logger.debug('dossier changes counted', { records: event.Records.length, applied });
  return { batchItemFailures: [] };
}).use(injectLambdaContext(logger, { resetKeys: true }));
