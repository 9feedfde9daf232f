import { catalog } from '#shared/config/services/catalog.ts';
import { CalendarYearPathSchema } from '#shared/contract/calendar.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { getCalendarYear } from '#shared/use-cases/calendar-year.ts';

/** GET /v1/calendar/{year} — the year's days off as stored, or the statutory-only default. */
export const handler = httpHandler(async (request) => {
  const year = parsePathParameter(request, 'year', CalendarYearPathSchema);
  await principalOf(request, catalog());
  return { status: 200, body: await getCalendarYear(catalog(), year) };
});
