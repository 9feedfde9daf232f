import { catalog } from '#shared/config/services/catalog.ts';
import { ProcedureCodeSchema } from '#shared/contract/identifiers.ts';
import { notFound } from '#shared/domain/errors.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/procedures/{code} — one procedure with its documents and fees. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'code', ProcedureCodeSchema);
  await principalOf(request, catalog());
  const procedure = await catalog().procedure(code);
  if (!procedure) throw notFound(`No procedure ${code}`);
  return { status: 200, body: procedure };
});
