/**
 * The center's monthly report (docs/api.md §7, docs/domain.md "The headline report") and the
 * counters it is read from. Each dossier contributes a small set of named counts to the
 * counters of its center and month; the report is a sum of those counters, so it is exactly
 * a recount of the contributions of the dossiers, whatever their number.
 */
import { minutesPerWorkingDay, type WorkingCalendar, workingMinutesBetween } from './calendar.ts';
import type { Category, Dossier } from './dossier.ts';
import { CHANNELS, type Channel } from './status.ts';
import { localDate } from './time.ts';

/** Counter name → count. Names: see `contributionOf`. */
export type Counts = Record<string, number>;

/** Where a dossier is counted: its center and the month of its receipt in Vietnam. */
export type Bucket = { centerId: string; month: string };

/** What one dossier adds to the counters, and where. */
export type Contribution = { bucket?: Bucket; counts: Counts };

/** The fields of a dossier the counters read (the optional ones only some dossiers carry). */
export type CountedDossier = Pick<
  Dossier,
  | 'dossierCode'
  | 'centerId'
  | 'agencyId'
  | 'category'
  | 'channel'
  | 'status'
  | 'version'
  | 'receivedAt'
  | 'finishedAt'
  | 'timeliness'
  | 'processing'
> &
  Partial<Pick<Dossier, 'results' | 'fees'>> & {
    /** The dossier version last synced to the national portal. */
    syncedVersion?: number;
    /**
     * Synced to the national portal at some version, as its `#SYNC` mark said: the aggregator
     * remembers it, since the dossier item's own images never carry the mark.
     */
    synced?: boolean;
    /** Paid through the online payment gateway. */
    paidOnline?: boolean;
    /** The applicant's satisfaction rating: 1..5. */
    rating?: number | { score: number };
    /** Documents: uploaded (`attachmentId`), scanned at the counter (`digitized`), reused (`reusedFrom`). */
    documents?: ReadonlyArray<{
      attachmentId?: string | undefined;
      digitized?: boolean;
      reusedFrom?: string;
    }>;
  };

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 'yyyy-MM' of an instant in Vietnam: 23:59 on the 31st (+07:00) is still that month. */
export const monthOf = (instant: string): string => localDate(new Date(instant)).slice(0, 7);

const FINISHED_TIMELINESS = new Set(['EARLY', 'ON_TIME', 'LATE']);

/**
 * The order of a dossier's images: a new version always comes later; within a version the
 * writers that change counted fields without a new version only ever set a flag (the sweep
 * marks OVERDUE, the sync records the version it synced, a rating is given once), so an image
 * with more flags set is the later one. Stream records replayed or delivered late carry a
 * lower or equal rank and change nothing.
 */
export function rankOf(dossier: CountedDossier): number {
  const flags =
    (dossier.timeliness === 'OVERDUE' ? 4 : 0) +
    (dossier.syncedVersion === dossier.version ? 2 : 0) +
    (dossier.rating !== undefined ? 1 : 0);
  return dossier.version * 8 + flags;
}

const ratingScore = (rating: CountedDossier['rating']): number | undefined =>
  typeof rating === 'number' ? rating : rating?.score;

/** A "not satisfied" rating (indicator 5.4): 1 or 2 of 5. */
const NOT_SATISFIED_AT_MOST = 2;

/**
 * What a dossier adds to the counters of its center and month. Only received dossiers count
 * (docs/api.md §7: reached RECEIVED, by the month of `receivedAt`); the rest add nothing.
 *
 * Counter names: `received`, `category.<Category>`, `agency.<agencyId>`, `channel.<Channel>`,
 * `onlineCenterHandled`; timeliness `finished`, `early`, `onTime`, `late`, `inProgress`,
 * `overdue` (WITHDRAWN is in neither: received, not processed); and for the indicators
 * `synced`, `feeBearing`, `paidOnline`, `electronicResult`, `digitized`, `reused`,
 * `notSatisfied`, `timedFinished`, `elapsedMinutes`, `statutoryMinutes`.
 */
export function contributionOf(dossier: CountedDossier, calendar: WorkingCalendar): Contribution {
  if (!dossier.receivedAt) return { counts: {} };
  const counts: Counts = {};
  const add = (name: string, n = 1) => {
    if (n !== 0) counts[name] = (counts[name] ?? 0) + n;
  };
  add('received');
  add(`category.${dossier.category}`);
  add(`agency.${dossier.agencyId}`);
  add(`channel.${dossier.channel}`);
  if (dossier.category !== 'VERTICAL' && dossier.channel === 'ONLINE') add('onlineCenterHandled');

  const finished = dossier.timeliness !== undefined && FINISHED_TIMELINESS.has(dossier.timeliness);
  if (finished) {
    add('finished');
    if (dossier.timeliness === 'EARLY') add('early');
    if (dossier.timeliness === 'ON_TIME') add('onTime');
    if (dossier.timeliness === 'LATE') add('late');
  } else if (dossier.status !== 'WITHDRAWN' && !dossier.finishedAt) {
    add('inProgress');
    if (dossier.timeliness === 'OVERDUE') add('overdue');
  }

  if (dossier.synced || dossier.syncedVersion !== undefined) add('synced');
  if ((dossier.fees ?? []).some((fee) => fee.amount > 0)) {
    add('feeBearing');
    if (dossier.paidOnline) add('paidOnline');
  }
  const electronicResult =
    (dossier.results ?? []).length > 0 && (dossier.results ?? []).every((r) => r.attachmentId !== undefined);
  if (finished && electronicResult) add('electronicResult');
  const documents = dossier.documents ?? [];
  const allDigital =
    documents.length > 0 && documents.every((d) => d.attachmentId !== undefined || d.digitized === true);
  if (allDigital && electronicResult) add('digitized');
  if (documents.some((d) => d.reusedFrom !== undefined)) add('reused');
  const score = ratingScore(dossier.rating);
  if (score !== undefined && score <= NOT_SATISFIED_AT_MOST) add('notSatisfied');

  const statutory = statutoryMinutes(dossier.processing, calendar);
  if (finished && dossier.finishedAt && statutory > 0) {
    add('timedFinished');
    // Whole minutes: counters stay integers, so sums are exact in any order.
    add(
      'elapsedMinutes',
      Math.round(workingMinutesBetween(new Date(dossier.receivedAt), new Date(dossier.finishedAt), calendar)),
    );
    add('statutoryMinutes', statutory);
  }
  return { bucket: { centerId: dossier.centerId, month: monthOf(dossier.receivedAt) }, counts };
}

/** The statutory processing time in working minutes (0 for a same-day procedure). */
function statutoryMinutes(processing: CountedDossier['processing'], calendar: WorkingCalendar): number {
  return (processing.days ?? 0) * minutesPerWorkingDay(calendar.officeHours) + (processing.hours ?? 0) * 60;
}

/** The counts to add so that `before` becomes `after` (zero entries left out). */
export function deltaOf(before: Counts, after: Counts): Counts {
  const delta: Counts = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[name] ?? 0) - (before[name] ?? 0);
    if (d !== 0) delta[name] = d;
  }
  return delta;
}

export const negate = (counts: Counts): Counts =>
  Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, -n]));

/** The sum of counters (a month's shards, a province's centers). */
export function sumCounts(all: Iterable<Counts>): Counts {
  const sum: Counts = {};
  for (const counts of all) {
    for (const [name, n] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + n;
  }
  return sum;
}

export const sameBucket = (a: Bucket | undefined, b: Bucket | undefined): boolean =>
  a?.centerId === b?.centerId && a?.month === b?.month;

export type MonthlyReport = {
  /** Absent: the whole province. */
  centerId?: string;
  month: string;
  received: {
    total: number;
    ownAuthority: number;
    boundaryFree: number;
    centerHandled: number;
    vertical: number;
    byAgency: Record<string, number>;
  };
  online: { count: number; base: number; rate: number };
  byChannel: Record<Channel, number>;
  timeliness: {
    finished: number;
    early: number;
    onTime: number;
    late: number;
    inProgress: number;
    overdue: number;
  };
};

/** A rate with 3 decimals; 0 when there is nothing to divide by. */
export const rate3 = (count: number, base: number): number =>
  base === 0 ? 0 : Math.round((count / base) * 1000) / 1000;

const category = (counts: Counts, c: Category) => counts[`category.${c}`] ?? 0;

/** The report of a center (or the province) for a month, from its counters. */
export function monthlyReport(counts: Counts, month: string, centerId?: string): MonthlyReport {
  const n = (name: string) => counts[name] ?? 0;
  const ownAuthority = category(counts, 'OWN_AUTHORITY');
  const boundaryFree = category(counts, 'BOUNDARY_FREE');
  const centerHandled = ownAuthority + boundaryFree;
  const byAgency = Object.fromEntries(
    Object.entries(counts)
      .filter(([name, value]) => name.startsWith('agency.') && value !== 0)
      .map(([name, value]) => [name.slice('agency.'.length), value])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
  return {
    ...(centerId ? { centerId } : {}),
    month,
    received: {
      total: n('received'),
      ownAuthority,
      boundaryFree,
      centerHandled,
      vertical: category(counts, 'VERTICAL'),
      byAgency,
    },
    online: {
      count: n('onlineCenterHandled'),
      base: centerHandled,
      rate: rate3(n('onlineCenterHandled'), centerHandled),
    },
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, n(`channel.${c}`)])) as Record<Channel, number>,
    timeliness: {
      finished: n('finished'),
      early: n('early'),
      onTime: n('onTime'),
      late: n('late'),
      inProgress: n('inProgress'),
      overdue: n('overdue'),
    },
  };
}

/**
 * The counters recounted from the dossiers themselves, by bucket key: what the stored counters
 * must equal (tests, and an operator's check).
 */
export function recount(dossiers: Iterable<CountedDossier>, calendar: WorkingCalendar): Map<string, Counts> {
  const buckets = new Map<string, Counts[]>();
  for (const dossier of dossiers) {
    const { bucket, counts } = contributionOf(dossier, calendar);
    if (!bucket) continue;
    const key = `${bucket.centerId}#${bucket.month}`;
    const list = buckets.get(key);
    if (list) list.push(counts);
    else buckets.set(key, [counts]);
  }
  return new Map([...buckets].map(([key, all]) => [key, sumCounts(all)]));
}
