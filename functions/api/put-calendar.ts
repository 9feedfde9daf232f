import { catalog } from '#shared/config/services.ts';
import { CalendarYearPathSchema, CalendarYearSchema } from '#shared/contract/catalog.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { putCalendarYear } from '#shared/use-cases/catalog-admin.ts';

/** PUT /v1/calendar/{year} — a year's days off and make-up working days (admin). */
export const handler = httpHandler(async (request) => {
  const year = parsePathParameter(request, 'year', CalendarYearPathSchema);
  const principal = await principalOf(request, catalog());
  const body = parseBody(request, CalendarYearSchema);
  const stored = await putCalendarYear(catalog(), principal, { year, ...body });
  return { status: 200, body: stored };
});
