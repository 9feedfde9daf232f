import { cursorCodec } from '#shared/config/cursor-key.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { ProcedureListQuerySchema } from '#shared/contract/procedure-query.ts';
import { pageProcedures } from '#shared/domain/procedure-search.ts';
import { httpHandler, parseQuery, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/procedures — the catalog, filtered by level, agency system and words of the name. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const query = parseQuery(request, ProcedureListQuerySchema);
  const cursors = { codec: await cursorCodec(), clientId: principal.clientId };
  return { status: 200, body: pageProcedures(await catalog().procedures(), query, cursors) };
});
