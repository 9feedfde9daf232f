import type { Principal } from '#shared/domain/access.ts';
import { forbidden, validationError } from '#shared/domain/errors.ts';
import { type IndicatorReport, indicatorReport } from '#shared/domain/indicators.ts';
import type { Counts } from '#shared/domain/reports.ts';
import { type MonthlyReport, monthlyReport } from '#shared/domain/reports.ts';
import type { Catalog, StatsStore } from './ports.ts';

export type ReportDeps = { catalog: Pick<Catalog, 'centers'>; stats: Pick<StatsStore, 'counters'> };
export type ReportQuery = { centerId?: string | undefined; month: string };

/**
 * The counters a caller may read for a month:
 * 1. a center client reads its own center (named or not); the admin a named center, or with
 *    none the whole province (every center of the catalog); nobody else reads reports;
 * 2. a named center must exist (400 on `centerId`);
 * 3. the counters of those centers' month, summed: a bounded number of item reads.
 */
async function countersFor(deps: ReportDeps, principal: Principal, query: ReportQuery) {
  let centerId = query.centerId;
  if (principal.profile === 'center') {
    if (centerId && centerId !== principal.centerId) {
      throw forbidden(`This client may not read the reports of center ${centerId}`);
    }
    centerId = principal.centerId;
  } else if (principal.profile !== 'admin') {
    throw forbidden('Reports are for centers and the admin');
  }
  const centers = await deps.catalog.centers();
  if (centerId && !centers.some((c) => c.centerId === centerId)) {
    throw validationError(`No center ${centerId}`, [{ path: 'centerId', message: 'no such center' }]);
  }
  const ids = centerId ? [centerId] : centers.map((c) => c.centerId);
  const counts: Counts = await deps.stats.counters(ids.map((id) => ({ centerId: id, month: query.month })));
  return { counts, centerId };
}

/** GET /v1/reports/monthly: the monthly report of a center, or of the province. */
export async function readMonthlyReport(
  deps: ReportDeps,
  principal: Principal,
  query: ReportQuery,
): Promise<MonthlyReport> {
  const { counts, centerId } = await countersFor(deps, principal, query);
  return monthlyReport(counts, query.month, centerId);
}

/** GET /v1/reports/indicators: the Decision 766 indicators from the same counters. */
export async function readIndicators(
  deps: ReportDeps,
  principal: Principal,
  query: ReportQuery,
): Promise<IndicatorReport> {
  const { counts, centerId } = await countersFor(deps, principal, query);
  return indicatorReport(counts, query.month, centerId);
}
