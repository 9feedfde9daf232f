import {
  admit,
  CircuitOpenError,
  type CircuitPolicy,
  type CircuitState,
  recordFailure,
  recordSuccess,
} from '#shared/domain/circuit-breaker.ts';
import type { AgencyEndpoints, CircuitStore } from './ports.ts';

/** Conflicting writers are rare (a handful of deliverers per agency): a few re-reads settle them. */
const WRITE_ATTEMPTS = 3;

const same = (a: CircuitState, b: CircuitState): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Agency endpoints behind a circuit breaker each (shared/domain/circuit-breaker.ts): a delivery
 * to an endpoint whose circuit is open throws CircuitOpenError without calling it; the result of
 * every call is recorded. Recording is best effort: a lost count only delays the opening.
 */
export class CircuitBreakingEndpoints implements AgencyEndpoints {
  private readonly endpoints: AgencyEndpoints;
  private readonly store: CircuitStore;
  private readonly policy: CircuitPolicy;
  private readonly now: () => Date;

  constructor(endpoints: AgencyEndpoints, store: CircuitStore, policy: CircuitPolicy, now: () => Date) {
    this.endpoints = endpoints;
    this.store = store;
    this.policy = policy;
    this.now = now;
  }

  has(agencyId: string): boolean {
    return this.endpoints.has(agencyId);
  }

  async deliver(agencyId: string, eventId: string, payload: unknown): Promise<void> {
    const circuit = await this.store.read(agencyId);
    const admission = admit(circuit.state, this.now(), this.policy);
    if (!admission.admitted) throw new CircuitOpenError(agencyId, admission.retryAt);
    // Only one deliverer wins the probe; the others wait like the rest.
    if (admission.probe && !(await this.store.write(agencyId, admission.next, circuit.version))) {
      throw new CircuitOpenError(
        agencyId,
        new Date(this.now().getTime() + this.policy.probeLeaseSeconds * 1000),
      );
    }
    try {
      await this.endpoints.deliver(agencyId, eventId, payload);
    } catch (error) {
      await this.record(agencyId, (state) => recordFailure(state, this.now(), this.policy));
      throw error;
    }
    // A clean closed circuit stays as it is: no write per successful delivery.
    if (admission.probe || circuit.state.status !== 'CLOSED' || circuit.state.failures > 0) {
      await this.record(agencyId, recordSuccess);
    }
  }

  private async record(agencyId: string, change: (state: CircuitState) => CircuitState): Promise<void> {
    try {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const circuit = await this.store.read(agencyId);
        const next = change(circuit.state);
        if (same(next, circuit.state)) return;
        if (await this.store.write(agencyId, next, circuit.version)) return;
      }
    } catch {
      // The delivery's own outcome stands; the circuit catches up on the next delivery.
    }
  }
}
