import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { CalendarYearPathSchema, CalendarYearSchema } from '#shared/contract/calendar.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { recomputeProvisionalDueDates } from '#shared/use-cases/calendar-year.ts';
import { putCalendarYear } from '#shared/use-cases/catalog-admin.ts';

/**
 * PUT /v1/calendar/{year} — a year's days off and make-up working days (admin); the open dossiers
 * whose due date in that year was provisional are recomputed on it. Putting the same year again
 * finishes a recomputation cut short.
 */
export const handler = httpHandler(async (request) => {
  const year = parsePathParameter(request, 'year', CalendarYearPathSchema);
  const principal = await principalOf(request, catalog());
  const body = parseBody(request, CalendarYearSchema);
  const stored = await putCalendarYear(catalog(), principal, { year, ...body });
  const { recomputed, stillProvisional } = await recomputeProvisionalDueDates(
    { dossiers: dossierStore(), calendar: await catalog().calendar(), now: () => new Date() },
    year,
  );
  logger.info('calendar year stored', { year, recomputed, stillProvisional });
  return { status: 200, body: { ...stored, recomputedDossiers: recomputed } };
});
