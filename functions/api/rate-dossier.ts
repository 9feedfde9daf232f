import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { RatingRequestSchema, RatingSchema } from '#shared/contract/citizen.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { rateDossier } from '#shared/use-cases/citizen-services.ts';

/** POST /v1/dossiers/{dossierCode}/rating — the citizen's satisfaction rating, once after RETURNED. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const body = parseBody(request, RatingRequestSchema);
  const principal = await principalOf(request, catalog());
  const rating = await rateDossier(principal, code, body, new Date(), dossierStore());
  return { status: 201, body: RatingSchema.parse(rating) };
});
