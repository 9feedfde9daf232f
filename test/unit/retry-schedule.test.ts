import { describe, expect, it } from 'vitest';
import {
  AGENCY_QUEUES,
  DEAD_LETTER_RETENTION_SECONDS,
  QUEUE_RETENTION_SECONDS,
  RETRY_POLICY,
} from '#infra/topology.ts';
import { retryCoverageSeconds, retryDelaySeconds, retrySchedule } from '#shared/domain/retry-schedule.ts';

const DAY = 24 * 60 * 60;
const SQS_MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

describe('retry schedule of queued deliveries', () => {
  it('doubles from the base per receive and stops at the cap', () => {
    const policy = { baseSeconds: 30, maxDelaySeconds: 300 };
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => retryDelaySeconds(policy, n))).toEqual([
      30, 60, 120, 240, 300, 300, 300,
    ]);
    // A receive count below 1 (missing attribute) waits the base, never less.
    expect(retryDelaySeconds(policy, 0)).toBe(30);
    expect(retryDelaySeconds({ baseSeconds: 0, maxDelaySeconds: 300 }, 1)).toBe(1);
  });

  it('has one wait per receive but the last', () => {
    expect(retrySchedule({ baseSeconds: 1, maxDelaySeconds: 100 }, 5)).toEqual([1, 2, 4, 8]);
    expect(retrySchedule({ baseSeconds: 1, maxDelaySeconds: 100 }, 1)).toEqual([]);
    expect(retryCoverageSeconds({ baseSeconds: 1, maxDelaySeconds: 5 }, 6)).toBe(1 + 2 + 4 + 5 + 5);
  });

  it.each(AGENCY_QUEUES.map((q) => [q.id, q] as const))(
    '%s: the retries of the topology cover more than 24 hours, each wait within SQS’s 12 h',
    (_id, queue) => {
      const schedule = retrySchedule(RETRY_POLICY, queue.maxReceiveCount);
      const total = schedule.reduce((sum, delay) => sum + delay, 0);
      expect(total).toBe(retryCoverageSeconds(RETRY_POLICY, queue.maxReceiveCount));
      expect(total).toBeGreaterThanOrEqual(DAY);
      expect(Math.max(...schedule)).toBeLessThan(SQS_MAX_VISIBILITY_SECONDS);
      // The source keeps the message past its last retry; its DLQ keeps it longer still.
      expect(QUEUE_RETENTION_SECONDS).toBeGreaterThan(total);
      expect(DEAD_LETTER_RETENTION_SECONDS).toBeGreaterThan(QUEUE_RETENTION_SECONDS);
    },
  );

  it('the figures: 30 s … 8.5 h, then 11 h; ≈ 28 h in all over 13 receives', () => {
    expect(retrySchedule(RETRY_POLICY, 13)).toEqual([
      30, 60, 120, 240, 480, 960, 1_920, 3_840, 7_680, 15_360, 30_720, 39_600,
    ]);
    expect(retryCoverageSeconds(RETRY_POLICY, 13)).toBe(101_010);
  });
});
