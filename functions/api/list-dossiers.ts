import { cursorCodec } from '#shared/config/cursor-key.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { DossierListQuerySchema } from '#shared/contract/dossier-query.ts';
import { presentDossierSummary } from '#shared/contract/present-summary.ts';
import { httpHandler, parseQuery, principalOf } from '#shared/runtime/http.ts';
import { listDossiers } from '#shared/use-cases/list-dossiers.ts';

/** GET /v1/dossiers — a worklist, newest first, limited to what the caller's profile may see. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const query = parseQuery(request, DossierListQuerySchema);
  const page = await listDossiers(
    { dossiers: dossierStore(), cursors: await cursorCodec() },
    principal,
    query,
  );
  return {
    status: 200,
    body: {
      items: page.items.map(presentDossierSummary),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    },
  };
});
