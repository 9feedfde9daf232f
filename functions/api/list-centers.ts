import { catalog } from '#shared/config/services/catalog.ts';
import { httpHandler, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/centers — the Public Administration Service Centers. */
export const handler = httpHandler(async (request) => {
  await principalOf(request, catalog());
  return { status: 200, body: { items: await catalog().centers() } };
});
