import { describe, expect, it } from 'vitest';
import {
  admit,
  CircuitOpenError,
  type CircuitPolicy,
  type CircuitState,
  CLOSED_CIRCUIT,
  recordFailure,
  recordSuccess,
} from '#shared/domain/circuit-breaker.ts';
import { CircuitBreakingEndpoints } from '#shared/use-cases/circuit-breaker.ts';
import type { AgencyEndpoints, CircuitStore, StoredCircuit } from '#shared/use-cases/ports.ts';

const policy: CircuitPolicy = { failureThreshold: 3, coolDownSeconds: 60, probeLeaseSeconds: 30 };
const T0 = new Date('2026-11-27T01:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('circuit breaker (pure)', () => {
  it('a closed circuit admits, and opens after failureThreshold consecutive failures', () => {
    let state: CircuitState = CLOSED_CIRCUIT;
    expect(admit(state, T0, policy)).toEqual({ admitted: true, probe: false });
    state = recordFailure(state, T0, policy);
    state = recordFailure(state, T0, policy);
    expect(state).toEqual({ status: 'CLOSED', failures: 2 });
    state = recordFailure(state, at(5), policy);
    expect(state).toEqual({ status: 'OPEN', openedAt: at(5).toISOString() });
  });

  it('a success in between resets the count: failures must be consecutive', () => {
    let state: CircuitState = CLOSED_CIRCUIT;
    state = recordFailure(recordFailure(state, T0, policy), T0, policy);
    state = recordSuccess(state);
    state = recordFailure(recordFailure(state, T0, policy), T0, policy);
    expect(state).toEqual({ status: 'CLOSED', failures: 2 });
  });

  it('an open circuit refuses until the cool-down, then admits one probe holding it for the lease', () => {
    const open: CircuitState = { status: 'OPEN', openedAt: T0.toISOString() };
    expect(admit(open, at(59), policy)).toEqual({ admitted: false, retryAt: at(60) });
    const probe = admit(open, at(60), policy);
    expect(probe).toEqual({
      admitted: true,
      probe: true,
      next: { status: 'HALF_OPEN', openedAt: T0.toISOString(), probeUntil: at(90).toISOString() },
    });
    if (!(probe.admitted && probe.probe)) throw new Error('expected a probe');
    // While the probe holds the circuit, the others are refused until its lease ends.
    expect(admit(probe.next, at(89), policy)).toEqual({ admitted: false, retryAt: at(90) });
    // A probe that never reported (its runner crashed): after the lease, another probe.
    expect(admit(probe.next, at(90), policy)).toMatchObject({ admitted: true, probe: true });
  });

  it('the probe closes the circuit on success and reopens it on failure', () => {
    const halfOpen: CircuitState = {
      status: 'HALF_OPEN',
      openedAt: T0.toISOString(),
      probeUntil: at(90).toISOString(),
    };
    expect(recordSuccess(halfOpen)).toEqual(CLOSED_CIRCUIT);
    expect(recordFailure(halfOpen, at(70), policy)).toEqual({
      status: 'OPEN',
      openedAt: at(70).toISOString(),
    });
  });

  it('a late failure on an open circuit does not push its cool-down back', () => {
    const open: CircuitState = { status: 'OPEN', openedAt: T0.toISOString() };
    expect(recordFailure(open, at(30), policy)).toBe(open);
  });
});

/** An in-memory store with the adapter's versioned writes. */
class MemoryCircuits implements CircuitStore {
  readonly items = new Map<string, StoredCircuit>();
  writes = 0;
  async read(endpoint: string): Promise<StoredCircuit> {
    return this.items.get(endpoint) ?? { state: CLOSED_CIRCUIT, version: 0 };
  }
  async write(endpoint: string, state: CircuitState, expectedVersion: number): Promise<boolean> {
    if ((this.items.get(endpoint)?.version ?? 0) !== expectedVersion) return false;
    this.writes++;
    this.items.set(endpoint, { state, version: expectedVersion + 1 });
    return true;
  }
}

/** An endpoint that fails while `down`, counting its calls. */
class FlakyEndpoint implements AgencyEndpoints {
  down = true;
  calls = 0;
  has(): boolean {
    return true;
  }
  async deliver(): Promise<void> {
    this.calls++;
    if (this.down) throw new Error('503');
  }
}

describe('circuit-breaking endpoints', () => {
  const setUp = () => {
    const clock = { now: T0 };
    const store = new MemoryCircuits();
    const endpoint = new FlakyEndpoint();
    const endpoints = new CircuitBreakingEndpoints(endpoint, store, policy, () => clock.now);
    return { clock, store, endpoint, endpoints };
  };

  it('a dead endpoint is called failureThreshold times, then not at all until the cool-down', async () => {
    const { clock, endpoint, endpoints } = setUp();
    for (let i = 0; i < 20; i++) {
      await expect(endpoints.deliver('police', `e${i}`, {})).rejects.toThrow();
    }
    expect(endpoint.calls).toBe(policy.failureThreshold);
    clock.now = at(30);
    await expect(endpoints.deliver('police', 'e', {})).rejects.toBeInstanceOf(CircuitOpenError);
    expect(endpoint.calls).toBe(policy.failureThreshold);
  });

  it('after the cool-down one probe goes; its success closes the circuit for everyone', async () => {
    const { clock, store, endpoint, endpoints } = setUp();
    for (let i = 0; i < policy.failureThreshold; i++) {
      await expect(endpoints.deliver('police', `e${i}`, {})).rejects.toThrow('503');
    }
    clock.now = at(61);
    endpoint.down = false;
    await endpoints.deliver('police', 'probe', {});
    expect((await store.read('police')).state).toEqual(CLOSED_CIRCUIT);
    await endpoints.deliver('police', 'next', {});
    expect(endpoint.calls).toBe(policy.failureThreshold + 2);
  });

  it('a failed probe opens it again for another cool-down', async () => {
    const { clock, store, endpoint, endpoints } = setUp();
    for (let i = 0; i < policy.failureThreshold; i++) {
      await expect(endpoints.deliver('police', `e${i}`, {})).rejects.toThrow('503');
    }
    clock.now = at(61);
    await expect(endpoints.deliver('police', 'probe', {})).rejects.toThrow('503');
    expect((await store.read('police')).state).toEqual({ status: 'OPEN', openedAt: at(61).toISOString() });
    clock.now = at(100);
    await expect(endpoints.deliver('police', 'e', {})).rejects.toBeInstanceOf(CircuitOpenError);
    expect(endpoint.calls).toBe(policy.failureThreshold + 1);
  });

  it('circuits are per endpoint, and a healthy closed circuit costs no write', async () => {
    const { store, endpoint, endpoints } = setUp();
    for (let i = 0; i < policy.failureThreshold; i++) {
      await expect(endpoints.deliver('police', `e${i}`, {})).rejects.toThrow('503');
    }
    endpoint.down = false;
    const writes = store.writes;
    await endpoints.deliver('tax', 'e', {});
    await endpoints.deliver('tax', 'f', {});
    expect(store.writes).toBe(writes);
    await expect(endpoints.deliver('police', 'e', {})).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('a store that fails while recording leaves the delivery’s own outcome', async () => {
    const endpoint = new FlakyEndpoint();
    const broken: CircuitStore = {
      read: async () => ({ state: { status: 'CLOSED', failures: 1 }, version: 1 }),
      write: async () => {
        throw new Error('throttled');
      },
    };
    const endpoints = new CircuitBreakingEndpoints(endpoint, broken, policy, () => T0);
    await expect(endpoints.deliver('police', 'e', {})).rejects.toThrow('503');
    endpoint.down = false;
    await expect(endpoints.deliver('police', 'e', {})).resolves.toBeUndefined();
    expect(endpoints.has('police')).toBe(true);
  });
});
