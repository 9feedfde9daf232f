import { catalog } from '#shared/config/services/catalog.ts';
import { ProcedureCodeSchema, ProcedureSchema } from '#shared/contract/catalog.ts';
import { validationError } from '#shared/domain/errors.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { putProcedure } from '#shared/use-cases/catalog-admin.ts';

/** PUT /v1/procedures/{code} — create or replace a procedure of the catalog (admin). */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'code', ProcedureCodeSchema);
  const principal = await principalOf(request, catalog());
  const procedure = parseBody(request, ProcedureSchema.strict());
  if (procedure.code !== code) {
    throw validationError('The body names another procedure than the path', [
      { path: 'code', message: `must be ${code}` },
    ]);
  }
  const outcome = await putProcedure(catalog(), principal, procedure);
  return { status: outcome === 'created' ? 201 : 200, body: procedure };
});
