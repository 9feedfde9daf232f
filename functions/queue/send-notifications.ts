import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { notificationStore } from '#shared/config/services/notification-store.ts';
import { notificationTransport, publicLookupUrl } from '#shared/config/services/notification-transport.ts';
import * as z from '#shared/contract/zod.ts';
import { DOSSIER_STATUSES } from '#shared/domain/status.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { sendStatusNotifications } from '#shared/use-cases/notifications.ts';

const StatusChangeSchema = z.object({
  dossierCode: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.gte(1)),
  status: z.enum(DOSSIER_STATUSES),
});

const processor = new BatchProcessor(EventType.SQS);

/** One status change: its messages, once per channel (idempotent per dossier version). */
async function notifyRecord(record: SQSRecord): Promise<void> {
  const change = StatusChangeSchema.parse(JSON.parse(record.body));
  const sent = await sendStatusNotifications(
    {
      dossiers: dossierStore(),
      notifications: notificationStore(),
      transport: notificationTransport(),
      lookupBaseUrl: publicLookupUrl(),
      now: () => new Date(),
    },
    change,
  );
  // Codes, channels and states only: the recipients are personal data.
  logger.info('status notifications', {
    dossierCode: change.dossierCode,
    version: change.version,
    sent: sent.map((n) => `${n.channel}:${n.state}`),
  });
}

/** Notify queue → the applicant's email and phone (SES, End User Messaging; captured locally). */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, notifyRecord, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
