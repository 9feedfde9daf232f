/**
 * The circuit breaker against DynamoDB Local: versioned conditional writes in the circuits
 * table, so concurrent deliverers share one state, only one of them probes a half-open circuit,
 * and the circuit closes again once the endpoint answers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoCircuitStore } from '#shared/adapters/circuit-store.ts';
import { CircuitOpenError, type CircuitPolicy, CLOSED_CIRCUIT } from '#shared/domain/circuit-breaker.ts';
import { CircuitBreakingEndpoints } from '#shared/use-cases/circuit-breaker.ts';
import type { AgencyEndpoints } from '#shared/use-cases/ports.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { resources } = useEmulators();
const clients = emulatorClients();
afterAll(() => clients.destroy());

const store = new DynamoCircuitStore(clients.documents, resources.tables.circuits.name);
const policy: CircuitPolicy = { failureThreshold: 4, coolDownSeconds: 60, probeLeaseSeconds: 30 };
const T0 = new Date('2026-11-27T02:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** An endpoint that is down until healed; a call may be held open to overlap with others. */
class Endpoint implements AgencyEndpoints {
  down = true;
  calls = 0;
  has(): boolean {
    return true;
  }
  /** While set, calls wait for it: a probe stays in flight until the test lets it finish. */
  gate: Promise<void> | undefined;
  async deliver(): Promise<void> {
    this.calls++;
    await this.gate;
    if (this.down) throw new Error('503 Service Unavailable');
  }
}

describe('circuit store (DynamoDB Local)', () => {
  it('a circuit never stored is closed at version 0; writes are conditional on the version', async () => {
    const endpoint = `store-${randomUUID()}`;
    expect(await store.read(endpoint)).toEqual({ state: CLOSED_CIRCUIT, version: 0 });
    const open = { status: 'OPEN', openedAt: T0.toISOString() } as const;
    expect(await store.write(endpoint, open, 0)).toBe(true);
    // A second writer that read version 0 too loses.
    expect(await store.write(endpoint, { status: 'CLOSED', failures: 1 }, 0)).toBe(false);
    expect(await store.read(endpoint)).toEqual({ state: open, version: 1 });
    const halfOpen = {
      status: 'HALF_OPEN',
      openedAt: T0.toISOString(),
      probeUntil: at(90).toISOString(),
    } as const;
    expect(await store.write(endpoint, halfOpen, 1)).toBe(true);
    expect(await store.write(endpoint, CLOSED_CIRCUIT, 1)).toBe(false);
    expect(await store.read(endpoint)).toEqual({ state: halfOpen, version: 2 });
  });
});

describe('circuit-breaking endpoints on DynamoDB Local', () => {
  it('opens after the threshold, lets exactly one of many concurrent deliverers probe, closes on success', async () => {
    const agency = `agency-${randomUUID()}`;
    const clock = { now: T0 };
    const endpoint = new Endpoint();
    // Several deliverers (execution environments) sharing the table.
    const deliverers = Array.from(
      { length: 5 },
      () => new CircuitBreakingEndpoints(endpoint, store, policy, () => clock.now),
    );

    for (let i = 0; i < policy.failureThreshold; i++) {
      await expect(deliverers[i % deliverers.length]?.deliver(agency, `e${i}`, {})).rejects.toThrow('503');
    }
    expect((await store.read(agency)).state).toEqual({ status: 'OPEN', openedAt: T0.toISOString() });

    // Open: nobody calls the dead endpoint.
    clock.now = at(59);
    const refused = await Promise.allSettled(deliverers.map((d, i) => d.deliver(agency, `r${i}`, {})));
    expect(refused.every((r) => r.status === 'rejected' && r.reason instanceof CircuitOpenError)).toBe(true);
    expect(endpoint.calls).toBe(policy.failureThreshold);

    // Cool-down over, endpoint back: all try at once; the probe is held in flight until every
    // other deliverer has been refused.
    clock.now = at(61);
    endpoint.down = false;
    let open: () => void = () => undefined;
    endpoint.gate = new Promise((resolve) => {
      open = resolve;
    });
    let refusedNow = 0;
    const attempts = deliverers.map((d, i) =>
      d.deliver(agency, `p${i}`, {}).catch((error: unknown) => {
        refusedNow++;
        throw error;
      }),
    );
    // Settled from the start: a refusal that comes while we wait is handled, not an unhandled rejection.
    const settled = Promise.allSettled(attempts);
    const deadline = Date.now() + 10_000;
    while (refusedNow < deliverers.length - 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    open();
    endpoint.gate = undefined;
    const probes = await settled;
    expect(probes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      probes.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof CircuitOpenError),
    ).toBe(true);
    expect(endpoint.calls).toBe(policy.failureThreshold + 1);
    expect((await store.read(agency)).state).toEqual(CLOSED_CIRCUIT);

    // Closed: everyone delivers again.
    await Promise.all(deliverers.map((d, i) => d.deliver(agency, `n${i}`, {})));
    expect(endpoint.calls).toBe(policy.failureThreshold + 1 + deliverers.length);
  });

  it('a failed probe reopens the circuit for another cool-down', async () => {
    const agency = `agency-${randomUUID()}`;
    const clock = { now: T0 };
    const endpoint = new Endpoint();
    const deliverer = new CircuitBreakingEndpoints(endpoint, store, policy, () => clock.now);
    for (let i = 0; i < policy.failureThreshold; i++) {
      await expect(deliverer.deliver(agency, `e${i}`, {})).rejects.toThrow('503');
    }
    clock.now = at(61);
    await expect(deliverer.deliver(agency, 'probe', {})).rejects.toThrow('503');
    expect((await store.read(agency)).state).toEqual({ status: 'OPEN', openedAt: at(61).toISOString() });
    clock.now = at(100);
    await expect(deliverer.deliver(agency, 'again', {})).rejects.toBeInstanceOf(CircuitOpenError);
    expect(endpoint.calls).toBe(policy.failureThreshold + 1);
  });
});
