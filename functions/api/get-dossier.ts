import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { presentDossier } from '#shared/contract/present.ts';
import { maySee } from '#shared/domain/access.ts';
import { notFound } from '#shared/domain/errors.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';

/** GET /v1/dossiers/{dossierCode} — a dossier with its history, if the caller may see it. */
export const handler = httpHandler(async (request) => {
  // The gateway has authenticated the caller; a code that cannot exist costs no read at all.
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const found = await dossierStore().getWithHistory(code);
  if (!found || !maySee(principal, found.dossier)) throw notFound(`No dossier ${code}`);
  return { status: 200, body: presentDossier(found.dossier, found.history) };
});
