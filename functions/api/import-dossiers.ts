import { catalog } from '#shared/config/services/catalog.ts';
import { legacyDossierStore } from '#shared/config/services/legacy-dossier-store.ts';
import { ImportDossiersRequestSchema, LegacyDossierRowSchema } from '#shared/contract/legacy-dossiers.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { type ImportRow, importDossiers } from '#shared/use-cases/import-dossiers.ts';

/** Each row read against the contract on its own, so every bad row is named. */
const readRow = (row: Record<string, unknown>): ImportRow => {
  const result = LegacyDossierRowSchema.safeParse(row);
  if (result.success) return { record: result.data };
  return {
    invalid: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(row)',
      message: issue.message,
    })),
  };
};

/** POST /v1/admin/dossiers:import — a batch (≤ 500) of legacy dossiers, all or nothing unless skipInvalid. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const body = parseBody(request, ImportDossiersRequestSchema);
  const result = await importDossiers(
    { catalog: catalog(), store: legacyDossierStore(), now: () => new Date() },
    principal,
    body.rows.map(readRow),
    { skipInvalid: body.skipInvalid ?? false, validateOnly: body.validateOnly ?? false },
  );
  return { status: 200, body: result };
});
