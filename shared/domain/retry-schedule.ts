/**
 * Capped exponential backoff of queued deliveries: after its n-th receive fails, a message is
 * hidden `base × 2^(n − 1)` seconds, never more than `maxDelaySeconds`. Pure, so the stack, the
 * handler and the tests compute the same schedule.
 */
export type RetryPolicy = { baseSeconds: number; maxDelaySeconds: number };

/** The delay after the `receiveCount`-th receive failed (receive counts start at 1). */
export function retryDelaySeconds(policy: RetryPolicy, receiveCount: number): number {
  const base = Math.max(1, policy.baseSeconds);
  const exponent = Math.max(0, Math.floor(receiveCount) - 1);
  // 2^exponent overflows to Infinity long before it matters; the cap bounds it.
  return Math.min(policy.maxDelaySeconds, Math.round(base * 2 ** Math.min(exponent, 60)));
}

/**
 * The waits between the attempts of a message that always fails: one after each of the first
 * `maxReceiveCount − 1` receives (the last receive's failure dead-letters it).
 */
export function retrySchedule(policy: RetryPolicy, maxReceiveCount: number): number[] {
  return Array.from({ length: Math.max(0, maxReceiveCount - 1) }, (_, i) => retryDelaySeconds(policy, i + 1));
}

/** Seconds from the first attempt to the last one: how long an endpoint may be down and lose nothing. */
export function retryCoverageSeconds(policy: RetryPolicy, maxReceiveCount: number): number {
  return retrySchedule(policy, maxReceiveCount).reduce((sum, delay) => sum + delay, 0);
}
