import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { LookupQuerySchema, PublicDossierSchema } from '#shared/contract/citizen.ts';
import { httpHandler, parseQuery } from '#shared/runtime/http.ts';
import { lookUpDossier } from '#shared/use-cases/citizen-services.ts';

/** GET /v1/lookup?dossierCode=&idLast4= — public (no token): the dossier's public view. */
export const handler = httpHandler(async (request) => {
  const query = parseQuery(request, LookupQuerySchema);
  const view = await lookUpDossier(query.dossierCode, query.idLast4, dossierStore());
  return { status: 200, body: PublicDossierSchema.parse(view), headers: { 'cache-control': 'no-store' } };
});
