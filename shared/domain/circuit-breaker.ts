/**
 * A circuit breaker per agency endpoint, so an endpoint that is down is not hammered by every
 * queued delivery's retries:
 *
 *   CLOSED ──(failureThreshold consecutive failures)──► OPEN ──(coolDown elapsed)──► HALF_OPEN
 *     ▲                                                    ▲                            │
 *     └──────────────── the probe succeeds ────────────────┼──── the probe fails ◄──────┘
 *
 * While OPEN, deliveries are refused without calling the endpoint (the queue retries them
 * later). After the cool-down one delivery is let through as a probe; it holds the circuit for
 * `probeLeaseSeconds`, after which another probe may go (a probe whose runner crashed must not
 * keep the circuit shut). Pure: the state lives in a store (shared/use-cases/circuit-breaker.ts).
 */

export type CircuitPolicy = {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses deliveries before a probe. */
  coolDownSeconds: number;
  /** How long a probe holds a half-open circuit. */
  probeLeaseSeconds: number;
};

export type CircuitState =
  | { status: 'CLOSED'; failures: number }
  | { status: 'OPEN'; openedAt: string }
  | { status: 'HALF_OPEN'; openedAt: string; probeUntil: string };

export const CLOSED_CIRCUIT: CircuitState = { status: 'CLOSED', failures: 0 };

/**
 * - admitted, not a probe: call the endpoint (the circuit is closed);
 * - admitted as a probe: the circuit must first be moved to `next` (claiming the probe);
 * - refused: do not call the endpoint before `retryAt`.
 */
export type Admission =
  | { admitted: true; probe: false }
  | { admitted: true; probe: true; next: CircuitState }
  | { admitted: false; retryAt: Date };

const plusSeconds = (iso: string | Date, seconds: number): Date =>
  new Date(new Date(iso).getTime() + seconds * 1000);

/** Whether a delivery may call the endpoint now. */
export function admit(state: CircuitState, now: Date, policy: CircuitPolicy): Admission {
  if (state.status === 'CLOSED') return { admitted: true, probe: false };
  const probeFrom =
    state.status === 'OPEN'
      ? plusSeconds(state.openedAt, policy.coolDownSeconds)
      : new Date(state.probeUntil);
  if (now < probeFrom) return { admitted: false, retryAt: probeFrom };
  return {
    admitted: true,
    probe: true,
    next: {
      status: 'HALF_OPEN',
      openedAt: state.openedAt,
      probeUntil: plusSeconds(now, policy.probeLeaseSeconds).toISOString(),
    },
  };
}

/** A delivery the endpoint took: the endpoint is alive. */
export function recordSuccess(_state: CircuitState): CircuitState {
  return CLOSED_CIRCUIT;
}

/** A delivery the endpoint did not take (an error answer, or none). */
export function recordFailure(state: CircuitState, now: Date, policy: CircuitPolicy): CircuitState {
  switch (state.status) {
    case 'CLOSED': {
      const failures = state.failures + 1;
      return failures >= policy.failureThreshold
        ? { status: 'OPEN', openedAt: now.toISOString() }
        : { status: 'CLOSED', failures };
    }
    case 'HALF_OPEN':
      // The probe failed: wait another cool-down.
      return { status: 'OPEN', openedAt: now.toISOString() };
    case 'OPEN':
      // A delivery admitted before the circuit opened failed too: nothing new.
      return state;
  }
}

/** Refused because the endpoint's circuit is open; the queue retries the delivery later. */
export class CircuitOpenError extends Error {
  readonly endpoint: string;
  readonly retryAt: Date;
  constructor(endpoint: string, retryAt: Date) {
    super(`the circuit of endpoint ${endpoint} is open until ${retryAt.toISOString()}`);
    this.name = 'CircuitOpenError';
    this.endpoint = endpoint;
    this.retryAt = retryAt;
  }
}
