import type { WorkingCalendar } from '#shared/domain/calendar.ts';
import { type CountedDossier, contributionOf, deltaOf, rankOf, sameBucket } from '#shared/domain/reports.ts';
import type { ContributionChange, StatsStore } from './ports.ts';

export type AggregateDeps = { stats: StatsStore; calendar: () => Promise<WorkingCalendar> };

/** Contributions read per request (DynamoDB's BatchGetItem limit). */
const READ_CHUNK = 100;
/** Rounds of read-and-apply before the batch fails (and the stream retries it). */
const MAX_ROUNDS = 5;

/**
 * Counts a batch of dossier images (from the dossiers table's stream) into the report counters.
 *
 * 1. Keep the latest image of each dossier in the batch (highest rank).
 * 2. Read what each was last counted as; drop those already counted at this rank or later
 *    (replays, duplicates, stale records) and those that count nothing and never did.
 * 3. Write each new contribution with its counter deltas (leaving the old center-month when the
 *    bucket changed), batched into transactions, each guarded by the rank read in 2.
 * 4. A guard that failed (a concurrent writer) sends those dossiers back to 1, a few times.
 *
 * Returns how many dossiers changed the counters.
 */
export async function aggregateDossierStats(
  deps: AggregateDeps,
  images: readonly CountedDossier[],
): Promise<{ applied: number }> {
  const latest = new Map<string, CountedDossier>();
  for (const image of images) {
    const seen = latest.get(image.dossierCode);
    if (!seen || rankOf(image) > rankOf(seen)) latest.set(image.dossierCode, image);
  }
  if (latest.size === 0) return { applied: 0 };
  const calendar = await deps.calendar();
  let pending = [...latest.values()];
  let applied = 0;
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new Error(`counters still contended after ${MAX_ROUNDS} rounds`);
    const retry: CountedDossier[] = [];
    for (let i = 0; i < pending.length; i += READ_CHUNK) {
      const chunk = pending.slice(i, i + READ_CHUNK);
      const stored = await deps.stats.contributions(chunk.map((d) => d.dossierCode));
      const changes: ContributionChange[] = [];
      for (const dossier of chunk) {
        const previous = stored.get(dossier.dossierCode);
        const rank = rankOf(dossier);
        if (previous && previous.rank >= rank) continue;
        const { bucket, counts } = contributionOf(dossier, calendar);
        if (!previous && !bucket) continue;
        const unchanged =
          previous &&
          sameBucket(previous.bucket, bucket) &&
          Object.keys(deltaOf(previous.counts, counts)).length === 0;
        changes.push({
          ...(previous ? { previous } : {}),
          next: { dossierCode: dossier.dossierCode, rank, ...(bucket ? { bucket } : {}), counts },
        });
        if (!unchanged) applied++;
      }
      if (changes.length > 0 && !(await deps.stats.apply(changes))) retry.push(...chunk);
    }
    pending = retry;
  }
  return { applied };
}
