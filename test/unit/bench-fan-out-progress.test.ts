/** The benchmark's counting (test/bench/fan-out-progress.ts): distinct dossiers, not deliveries. */
import { describe, expect, it } from 'vitest';
import { benchExitCode, fanOutProgress } from '../bench/fan-out-progress.ts';

const A = '000.21.01.H49-261127-0001';
const B = '000.21.01.H49-261127-0002';
const C = '000.21.01.H49-261127-0003';

describe('fan-out progress of the benchmark', () => {
  it('counts a dossier delivered twice once, and leaves another one pending', () => {
    expect(fanOutProgress([A, B], [A, A])).toEqual({ filed: 2, delivered: 1, pending: [B], deliveries: 2 });
  });

  it('does not count deliveries of dossiers the run did not file', () => {
    expect(fanOutProgress([A], [C, C])).toEqual({ filed: 1, delivered: 0, pending: [A], deliveries: 2 });
  });

  it('is complete when every filed dossier was delivered at least once', () => {
    expect(fanOutProgress([A, B, C], [C, A, B, A])).toEqual({
      filed: 3,
      delivered: 3,
      pending: [],
      deliveries: 4,
    });
  });

  it('exits non-zero when a dossier is still undelivered at the deadline, or a submission failed', () => {
    expect(benchExitCode(fanOutProgress([A, B], [A, B]), 0)).toBe(0);
    expect(benchExitCode(fanOutProgress([A, B], [A, A]), 0)).toBe(1);
    expect(benchExitCode(fanOutProgress([A], [A]), 1)).toBe(1);
  });
});
