/**
 * Powertools singletons shared by every function: one logger and one metrics per execution
 * environment. Service name and metrics namespace come from the environment
 * (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE) set by the stack and the local runtime.
 * No Powertools Tracer: Lambda's active tracing records each invocation's segments without it,
 * and its X-Ray SDK cost ≈ 120 KB per bundle (docs/architecture.md, Bundles).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'motcua' });
export const metrics = new Metrics({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'motcua',
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'motcua',
});

/**
 * Publishes the metrics a handler added, if any. Powertools' `logMetrics` also publishes when
 * there are none, and then warns on every such invocation; most requests add no metric.
 */
export const publishStoredMetrics = () => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};

/**
 * One `CalendarProvisional` count for a due date just computed into (or across) a year without
 * calendar data: operators alarm on it to load the year (PUT /v1/calendar/{year}).
 */
export const CALENDAR_PROVISIONAL_METRIC = 'CalendarProvisional';
export function countProvisionalDueDate(dossier: { calendarProvisional?: true | undefined }): void {
  if (dossier.calendarProvisional) metrics.addMetric(CALENDAR_PROVISIONAL_METRIC, MetricUnit.Count, 1);
}
