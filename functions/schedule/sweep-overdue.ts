import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { METRICS } from '#shared/config/runtime-names.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { logger, metrics } from '#shared/runtime/powertools.ts';
import { sweepOverdue } from '#shared/use-cases/sweep-overdue.ts';

/** Emits one OverdueDossiers metric per center and per agency system that had any. */
function publish(dimension: 'centerId' | 'agencyId', counts: Record<string, number>): void {
  for (const [value, count] of Object.entries(counts)) {
    const metric = metrics.singleMetric();
    metric.addDimension(dimension, value);
    metric.addMetric(METRICS.overdueDossiers, 'Count', count);
  }
}

/** Overdue sweeper (EventBridge schedule): marks dossiers past due as OVERDUE. */
export const handler = middy(async () => {
  const result = await sweepOverdue({ dossiers: dossierStore(), now: () => new Date() });
  publish('centerId', result.byCenter);
  publish('agencyId', result.byAgency);
  logger.info('overdue sweep', { marked: result.marked });
  return { marked: result.marked };
}).use(injectLambdaContext(logger, { resetKeys: true }));
