/** The benchmark's arithmetic (test/bench/figures.ts): percentiles, lags, the goal verdicts. */
import { describe, expect, it } from 'vitest';
import { deliveryLags, GOALS, goalVerdict, percentiles, ratePerSecond } from '../bench/figures.ts';

describe('benchmark figures', () => {
  it('takes nearest-rank percentiles, whatever the order of the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentiles(samples)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7, max: 7 });
    expect(percentiles([])).toEqual({ p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('gives the p99 as the slowest sample of fewer than a hundred', () => {
    expect(percentiles([1, 2, 3, 4, 500]).p99).toBe(500);
  });

  it('counts operations per second of wall time', () => {
    expect(ratePerSecond(50, 2_000)).toBe(25);
    expect(ratePerSecond(50, 0)).toBe(0);
  });

  it('measures each delivered dossier from its 201 to its first arrival, and skips the others', () => {
    const accepted = new Map([
      ['A', 1_000],
      ['B', 1_100],
      ['C', 1_200],
    ]);
    const delivered = new Map([
      ['A', 1_250],
      ['C', 1_260],
      ['X', 5_000],
    ]);
    expect(deliveryLags(accepted, delivered)).toEqual([250, 60]);
  });

  it('meets the goals only with a ratio of at least a quarter and a p99 of at most 150 ms', () => {
    expect(goalVerdict(170, 680, 150)).toEqual({ ratio: 0.25, ratioMet: true, p99Met: true });
    expect(goalVerdict(169, 680, 150.1)).toMatchObject({ ratioMet: false, p99Met: false });
    expect(goalVerdict(10, 0, 1).ratioMet).toBe(false);
    expect(GOALS).toEqual({ minRatio: 0.25, maxP99Ms: 150 });
  });
});
