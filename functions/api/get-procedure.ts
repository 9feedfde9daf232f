import { catalog } from '#shared/config/services.ts';
import { ProcedureCodeSchema } from '#shared/contract/catalog.ts';
import { notFound } from '#shared/domain/errors.ts';
import { httpHandler, parseInput, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/procedures/{code} — one procedure with its documents and fees. */
export const handler = httpHandler(async (request) => {
  await principalOf(request, catalog());
  const code = parseInput(ProcedureCodeSchema, request.pathParameters.code, 'Invalid procedure code', 'code');
  const procedure = await catalog().procedure(code);
  if (!procedure) throw notFound(`No procedure ${code}`);
  return { status: 200, body: procedure };
});
