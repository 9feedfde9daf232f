import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { agencyQueues } from '#shared/config/services/agency-queues.ts';
import { notifyQueue } from '#shared/config/services/notify-queue.ts';
import { portalSyncQueue } from '#shared/config/services/portal-sync-queue.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { statusChangeOf } from '#shared/domain/notification.ts';
import { portalSyncMessageFor } from '#shared/domain/portal-sync.ts';
import { routingEventId, routingsFor } from '#shared/domain/routing.ts';
import { logger } from '#shared/runtime/powertools.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

const image = (raw: Record<string, unknown> | undefined): Dossier | undefined =>
  raw ? (unmarshall(raw as Record<string, AttributeValue>) as Dossier & { entity?: string }) : undefined;

/** Routes one change of the dossiers table: only dossier items whose status moved matter. */
async function routeRecord(record: DynamoDBRecord): Promise<void> {
  const after = image(record.dynamodb?.NewImage) as (Dossier & { entity?: string }) | undefined;
  if (after?.entity !== 'DOSSIER') return;
  const before = image(record.dynamodb?.OldImage);
  for (const routing of routingsFor(before, after)) {
    await agencyQueues().send({ ...routing, eventId: routingEventId(routing) });
    logger.info('dossier routed', { dossierCode: routing.dossierCode, agencyId: routing.agencyId });
  }
  // Every new version goes to the national portal too (never an imported legacy dossier).
  const sync = portalSyncMessageFor(before, after);
  if (sync) await portalSyncQueue().send(sync);
  // The applicant hears of the changes they must know of (once per version: the sender is idempotent).
  const change = statusChangeOf(before, after);
  if (change) await notifyQueue().send(change);
}

/**
 * Stream router: dossiers table stream → agency system queues, the portal sync queue, and
 * status changes → the notify queue.
 */
export const handler = middy(async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, routeRecord, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
