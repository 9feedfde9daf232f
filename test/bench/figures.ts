/**
 * The benchmark's arithmetic, kept pure so it can be tested: percentiles, rates, the delivery
 * lag of each dossier (its 201 → its first arrival at the agency endpoint) and the verdicts on
 * the intake goals (docs/architecture.md, "Where the time goes locally").
 */

/** The intake goals, measured at GOAL_CONCURRENCY concurrent submissions. */
export const GOALS = {
  /** Intake at least this share of raw DynamoDB Local PutItem, in the same run and concurrency. */
  minRatio: 0.25,
  /** Submission latency p99 at most this many milliseconds. */
  maxP99Ms: 150,
} as const;
export const GOAL_CONCURRENCY = 8;

export type Percentiles = { p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of `samples` (0 for none). */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => {
    if (sorted.length === 0) return 0;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
  };
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

/** Operations per second; 0 when nothing was timed. */
export const ratePerSecond = (count: number, milliseconds: number): number =>
  milliseconds > 0 ? (count * 1000) / milliseconds : 0;

/**
 * Each dossier's delivery lag in milliseconds: from its 201 to its first delivery. Dossiers not
 * delivered (yet) have none; a delivery of a dossier not in `acceptedAt` counts for nothing.
 */
export function deliveryLags(
  acceptedAt: ReadonlyMap<string, number>,
  firstDeliveredAt: ReadonlyMap<string, number>,
): number[] {
  const lags: number[] = [];
  for (const [code, accepted] of acceptedAt) {
    const delivered = firstDeliveredAt.get(code);
    if (delivered !== undefined) lags.push(Math.max(0, delivered - accepted));
  }
  return lags;
}

export type GoalVerdict = { ratio: number; ratioMet: boolean; p99Met: boolean };

/** Intake against raw PutItem, and the p99, against GOALS. */
export function goalVerdict(intakePerSecond: number, rawPutPerSecond: number, p99Ms: number): GoalVerdict {
  const ratio = rawPutPerSecond > 0 ? intakePerSecond / rawPutPerSecond : 0;
  return { ratio, ratioMet: ratio >= GOALS.minRatio, p99Met: p99Ms <= GOALS.maxP99Ms };
}

export const mark = (met: boolean): string => (met ? '✓' : '✗');

export const formatPercentiles = ({ p50, p95, p99, max }: Percentiles): string =>
  `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`;
