import { catalog } from '#shared/config/services/catalog.ts';
import { httpHandler, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/agencies — the agency systems, one fan-out queue each. */
export const handler = httpHandler(async (request) => {
  await principalOf(request, catalog());
  return { status: 200, body: { items: await catalog().agencies() } };
});
