/**
 * Citizen-facing services (docs/api.md): the receipt a center prints, the public lookup and
 * the satisfaction rating. Each reads the dossier, applies the domain's rule, and answers.
 */
import { maySee, type Principal } from '#shared/domain/access.ts';
import { conflict, notFound } from '#shared/domain/errors.ts';
import { holdsIdLast4, lookupUrl, type PublicDossierView, publicView } from '#shared/domain/lookup.ts';
import { assertMayRate, type Rating, type RatingRequest, rate } from '#shared/domain/rating.ts';
import { receiptContent } from '#shared/domain/receipt.ts';
import type { Catalog, DossierStore, RatingStore, ReceiptRenderer } from './ports.ts';

/** The receipt of a dossier the caller may see (404 otherwise, as for the dossier itself). */
export async function dossierReceipt(
  principal: Principal,
  dossierCode: string,
  publicBaseUrl: string,
  deps: { dossiers: Pick<DossierStore, 'get'>; catalog: Catalog; renderer: ReceiptRenderer },
): Promise<Uint8Array> {
  const dossier = await deps.dossiers.get(dossierCode);
  if (!dossier || !maySee(principal, dossier)) throw notFound(`No dossier ${dossierCode}`);
  const [centers, procedure] = await Promise.all([
    deps.catalog.centers(),
    deps.catalog.procedure(dossier.procedureCode),
  ]);
  const center = centers.find((c) => c.centerId === dossier.centerId);
  const url = lookupUrl(publicBaseUrl, dossier.dossierCode, dossier.applicant.idNumber.slice(-4));
  return deps.renderer.render(receiptContent(dossier, center, procedure, url));
}

/** One answer for an unknown code and for a wrong pair: the lookup tells nothing apart. */
export const LOOKUP_NOT_FOUND = 'Không tìm thấy hồ sơ có mã và 4 số cuối giấy tờ này';

/**
 * The public view of a dossier, given its code and the last 4 digits of the applicant's ID
 * number. An unknown code and a wrong pair both cost one read and fail alike.
 */
export async function lookUpDossier(
  dossierCode: string,
  idLast4: string,
  dossiers: Pick<DossierStore, 'getWithHistory'>,
): Promise<PublicDossierView> {
  const found = await dossiers.getWithHistory(dossierCode);
  const matches = found !== undefined && holdsIdLast4(found.dossier, idLast4);
  if (!found || !matches) throw notFound(LOOKUP_NOT_FOUND);
  return publicView(found.dossier, found.history);
}

/** Records the citizen's rating of a RETURNED dossier, once. */
export async function rateDossier(
  principal: Principal,
  dossierCode: string,
  request: RatingRequest,
  now: Date,
  store: Pick<DossierStore, 'get'> & RatingStore,
): Promise<Rating> {
  const dossier = await store.get(dossierCode);
  if (!dossier || !maySee(principal, dossier)) throw notFound(`No dossier ${dossierCode}`);
  assertMayRate(principal);
  const rating = rate(dossier, request, now);
  // Two ratings racing: the store's condition lets one through; the other is told as if late.
  if (!(await store.recordRating(dossierCode, rating))) throw conflict('This dossier has already been rated');
  return rating;
}
