import type { WorkingCalendar } from '#shared/domain/calendar.ts';
import { type CountedDossier, contributionOf, deltaOf, rankOf, sameBucket } from '#shared/domain/reports.ts';
import type { ContributionChange, StatsStore, StoredContribution, SyncMarks } from './ports.ts';

export type AggregateDeps = {
  stats: StatsStore;
  syncMarks: SyncMarks;
  calendar: () => Promise<WorkingCalendar>;
};

/** Contributions read per request (DynamoDB's BatchGetItem limit). */
const READ_CHUNK = 100;
/** Rounds of read-and-apply before the batch fails (and the stream retries it). */
const MAX_ROUNDS = 5;

/**
 * Counts a batch of dossier images (from the dossiers table's stream) into the report counters,
 * with the dossiers whose portal sync mark (`#SYNC`, an item of its own) was written in the batch.
 *
 * 1. Keep the latest image of each dossier in the batch (highest rank), and note the marked ones.
 * 2. Read what each was last counted as; drop those already counted at this rank or later
 *    (replays, duplicates, stale records) unless a mark is new to them, and those that count
 *    nothing and never did.
 * 3. A dossier marked once counts as synced (indicator 1.4) from then on, at any version: the
 *    flag is kept on its contribution, so its later images (which never carry the mark) keep
 *    it. A mark of a dossier not counted yet (not received) writes nothing: the mark item is
 *    read when the dossier is first counted, and read again once that count is written, for a
 *    mark written in between whose own record found nothing counted (it is then counted in the
 *    next round).
 * 4. Skip a dossier that counts as it was counted (same bucket, counts and flag): a status the
 *    report does not tell apart writes nothing.
 * 5. Write each new contribution with its counter deltas (leaving the old center-month when the
 *    bucket changed), batched into transactions, each guarded by the rank and flag read in 2.
 * 6. A guard that failed (a concurrent writer) sends those dossiers back to 1, a few times.
 *
 * Returns how many dossiers changed the counters.
 */
export async function aggregateDossierStats(
  deps: AggregateDeps,
  images: readonly CountedDossier[],
  syncMarks: readonly string[] = [],
): Promise<{ applied: number }> {
  const latest = new Map<string, CountedDossier>();
  for (const image of images) {
    const seen = latest.get(image.dossierCode);
    if (!seen || rankOf(image) > rankOf(seen)) latest.set(image.dossierCode, image);
  }
  const marked = new Set(syncMarks);
  const codes = [...new Set([...latest.keys(), ...marked])];
  if (codes.length === 0) return { applied: 0 };
  const calendar = await deps.calendar();
  let pending = codes;
  let applied = 0;
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new Error(`counters still contended after ${MAX_ROUNDS} rounds`);
    const retry: string[] = [];
    for (let i = 0; i < pending.length; i += READ_CHUNK) {
      const chunk = pending.slice(i, i + READ_CHUNK);
      const stored = await deps.stats.contributions(chunk);
      const nextOf = (dossierCode: string) =>
        nextContribution(
          dossierCode,
          stored.get(dossierCode),
          latest.get(dossierCode),
          marked.has(dossierCode),
          calendar,
        );
      const unmarked = chunk.filter((code) => isUnsyncedFirstCount(stored.get(code), nextOf(code)));
      await readMarks(deps.syncMarks, unmarked, marked);
      const changes: ContributionChange[] = [];
      // First counts written unsynced even so: their marks are read again once written.
      const recheck: string[] = [];
      for (const dossierCode of chunk) {
        const previous = stored.get(dossierCode);
        const next = nextOf(dossierCode);
        if (!next) continue;
        if (isUnsyncedFirstCount(previous, next)) recheck.push(dossierCode);
        // Counted as it was (a status the report does not tell apart, a replay): no write. The
        // contribution keeps its older rank; a record older than this image can only come back
        // in a batch that holds this image too (the stream keeps an item's records in order and
        // retries a batch before reading on), where the latest image is the one counted.
        if (previous && sameCounters(previous, next) && previous.synced === next.synced) continue;
        changes.push({ ...(previous ? { previous } : {}), next });
        if (!previous || !sameCounters(previous, next)) applied++;
      }
      if (changes.length > 0 && !(await deps.stats.apply(changes))) {
        retry.push(...chunk);
        continue;
      }
      // Counted unsynced: a mark written since the read above is counted in the next round.
      retry.push(...(await readMarks(deps.syncMarks, recheck, marked)));
    }
    pending = retry;
  }
  return { applied };
}

/** Adds the dossiers of `codes` that have a sync mark to `marked`; returns them. */
async function readMarks(marks: SyncMarks, codes: readonly string[], marked: Set<string>): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = [...(await marks.marked(codes))];
  for (const code of found) marked.add(code);
  return found;
}

/** A dossier's first count (it has a bucket now, had none before) with no sync known. */
const isUnsyncedFirstCount = (
  previous: StoredContribution | undefined,
  next: StoredContribution | undefined,
) => next?.bucket !== undefined && !previous?.bucket && !next.synced;

/** Same bucket and counts: the counters read both alike (the synced flag aside). */
const sameCounters = (a: StoredContribution, b: StoredContribution): boolean =>
  sameBucket(a.bucket, b.bucket) && Object.keys(deltaOf(a.counts, b.counts)).length === 0;

/** What a dossier counts as after this batch; undefined when the batch changes nothing of it. */
function nextContribution(
  dossierCode: string,
  previous: StoredContribution | undefined,
  image: CountedDossier | undefined,
  marked: boolean,
  calendar: WorkingCalendar,
): StoredContribution | undefined {
  const fresh = image && !(previous && previous.rank >= rankOf(image)) ? image : undefined;
  const synced = previous?.synced === true || marked;
  const flag = synced ? { synced: true as const } : {};
  if (fresh) {
    const { bucket, counts } = contributionOf({ ...fresh, synced }, calendar);
    // Not counted, and never was: nothing to write (a mark waits in its own item).
    if (!bucket && !previous?.bucket) return undefined;
    return { dossierCode, rank: rankOf(fresh), ...(bucket ? { bucket } : {}), counts, ...flag };
  }
  if (!synced || previous?.synced) return undefined;
  // A mark alone: the dossier as last counted, now synced. One not counted yet (not received)
  // writes nothing: its mark is read when it is first counted.
  if (!previous?.bucket) return undefined;
  return { ...previous, counts: { ...previous.counts, synced: 1 }, ...flag };
}
