import { catalog } from '#shared/config/services/catalog.ts';
import { statsStore } from '#shared/config/services/stats-store.ts';
import { IndicatorsQuerySchema } from '#shared/contract/reports.ts';
import { httpHandler, parseQuery, principalOf } from '#shared/runtime/http.ts';
import { readIndicators } from '#shared/use-cases/read-reports.ts';

/** GET /v1/reports/indicators — the Decision 766 indicators of a center (or the province) for a month. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const query = parseQuery(request, IndicatorsQuerySchema);
  return {
    status: 200,
    body: await readIndicators({ catalog: catalog(), stats: statsStore() }, principal, query),
  };
});
