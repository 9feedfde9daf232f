import { catalog } from '#shared/config/services/catalog.ts';
import { ProcedureImportRequestSchema } from '#shared/contract/catalog-import.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { importProcedures } from '#shared/use-cases/import-procedures.ts';

/** POST /v1/admin/procedures/import — one batch of the catalog import (admin): all rows or none. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const { procedures, dryRun } = parseBody(request, ProcedureImportRequestSchema);
  return { status: 200, body: await importProcedures(catalog(), principal, procedures, dryRun) };
});
