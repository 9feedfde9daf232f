/**
 * Satisfaction rating ("đánh giá mức độ hài lòng"): once a dossier's result is returned, the
 * citizen rates it once, 1 to 5. Decision 766 indicator 5.4 counts the "not satisfied" ratings.
 */
import type { Principal } from './access.ts';
import type { Dossier } from './dossier.ts';
import { conflict, forbidden } from './errors.ts';
import { toVietnamIso } from './time.ts';

export type Rating = { score: 1 | 2 | 3 | 4 | 5; comment?: string | undefined; ratedAt: string };
export type RatingRequest = Pick<Rating, 'score' | 'comment'>;

/** Scores at or below this one count as "not satisfied" for indicator 5.4. */
export const NOT_SATISFIED_AT_MOST = 2;

/** The portal (for its citizens) and the center (at its counter) collect ratings. */
export function assertMayRate(principal: Principal): void {
  if (principal.profile !== 'portal' && principal.profile !== 'center')
    throw forbidden('Only the portal and the centers record ratings');
}

/** The rating to store, or 409 when the dossier is not RETURNED or already rated. */
export function rate(
  dossier: Pick<Dossier, 'status'> & { rating?: Rating | undefined },
  request: RatingRequest,
  now: Date,
): Rating {
  if (dossier.status !== 'RETURNED')
    throw conflict(`A dossier is rated once its result is returned; it is ${dossier.status}`, {
      currentStatus: dossier.status,
    });
  if (dossier.rating) throw conflict('This dossier has already been rated');
  return {
    score: request.score,
    ...(request.comment !== undefined ? { comment: request.comment } : {}),
    ratedAt: toVietnamIso(now),
  };
}
