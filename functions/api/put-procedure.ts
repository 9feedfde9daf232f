import { catalog } from '#shared/config/services/catalog.ts';
import { ProcedureCodeSchema } from '#shared/contract/identifiers.ts';
import { ProcedureSchema } from '#shared/contract/procedure.ts';
import * as z from '#shared/contract/zod.ts';
import { validationError } from '#shared/domain/errors.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { putProcedure } from '#shared/use-cases/catalog-admin.ts';

/** The procedure as stored, with no field it does not know (classic zod's `.strict()`). */
const StrictProcedureSchema = z.catchall(ProcedureSchema, z.never());

/** PUT /v1/procedures/{code} — create or replace a procedure of the catalog (admin). */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'code', ProcedureCodeSchema);
  const principal = await principalOf(request, catalog());
  const procedure = parseBody(request, StrictProcedureSchema);
  if (procedure.code !== code) {
    throw validationError('The body names another procedure than the path', [
      { path: 'code', message: `must be ${code}` },
    ]);
  }
  const outcome = await putProcedure(catalog(), principal, procedure);
  return { status: outcome === 'created' ? 201 : 200, body: procedure };
});
