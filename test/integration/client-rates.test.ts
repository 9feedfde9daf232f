/**
 * Per-client throttling against DynamoDB Local (the table the local runtime provisions from the
 * topology, as the stack does): the counter is atomic under concurrency, its items expire after
 * their window, and the runtime's check refuses the request past the limit, per client.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_RATE_LIMIT_ENV, TABLES } from '#infra/topology.ts';
import { apiEvent } from '../fixtures/api-event.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { env } = useEmulators();
const clients = emulatorClients();
const { documentClient } = await import('#shared/adapters/aws-clients.ts');
const { DynamoClientRateCounter } = await import('#shared/adapters/client-rate-counter.ts');
const { rateRefusal, useClientRateCounter } = await import('#shared/runtime/route-access.ts');

const tableName = env[TABLES.clientRates.envVar] ?? '';
const counter = new DynamoClientRateCounter(documentClient, tableName);
let clientNumber = 0;
const newClient = () => `rates-${process.pid}-${++clientNumber}`;

afterEach(() => {
  useClientRateCounter(undefined);
  vi.unstubAllEnvs();
});
afterAll(() => clients.destroy());

describe('the client rate counter', () => {
  it('counts concurrent requests exactly once each', async () => {
    const clientId = newClient();
    const counts = await Promise.all(
      Array.from({ length: 25 }, () => counter.count(clientId, 1_800_000_000, 10)),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('keeps one item per client and window, expiring a minute after the window', async () => {
    const clientId = newClient();
    await counter.count(clientId, 1_800_000_000, 10);
    await counter.count(clientId, 1_800_000_000, 10);
    await counter.count(clientId, 1_800_000_010, 10);
    const item = async (start: number) =>
      (
        await clients.documents.send(
          new GetCommand({ TableName: tableName, Key: { id: `${clientId}#${start}` } }),
        )
      ).Item;
    expect(await item(1_800_000_000)).toEqual({
      id: `${clientId}#1800000000`,
      requests: 2,
      expiresAt: 1_800_000_070,
    });
    expect(await item(1_800_000_010)).toMatchObject({ requests: 1, expiresAt: 1_800_000_080 });
  });
});

describe('the runtime’s throttle on the table', () => {
  it('refuses the request past the limit with 429 and Retry-After, per client', async () => {
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '3/60');
    useClientRateCounter(counter);
    const noisy = apiEvent({ method: 'GET', path: '/v1/centers', clientId: newClient() });
    const quiet = apiEvent({ method: 'GET', path: '/v1/centers', clientId: newClient() });
    const now = () => 1_800_000_030_000; // 30 s into a 60-second window
    for (let i = 0; i < 3; i += 1) expect(await rateRefusal(noisy, now)).toBeUndefined();
    const refusal = await rateRefusal(noisy, now);
    expect(refusal?.problem).toMatchObject({ status: 429, type: 'urn:motcua:problem:too-many-requests' });
    expect(refusal?.headers).toEqual({ 'retry-after': '30' });
    expect(await rateRefusal(quiet, now)).toBeUndefined();
  });
});

describe('the batched counter of an execution environment', () => {
  it('writes the table once per batch, and still refuses past the limit (429)', async () => {
    const { BatchedRateCounter } = await import('#shared/adapters/client-rate-counter.ts');
    const writes: number[] = [];
    const batched = new BatchedRateCounter({
      count: async (clientId, windowStart, windowSeconds, requests = 1) => {
        writes.push(requests);
        return counter.count(clientId, windowStart, windowSeconds, requests);
      },
    });
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '30/60');
    useClientRateCounter(batched);
    const noisy = apiEvent({ method: 'GET', path: '/v1/centers', clientId: newClient() });
    const now = () => 1_800_000_030_000;
    for (let i = 0; i < 30; i += 1) expect(await rateRefusal(noisy, now)).toBeUndefined();
    // A tenth of the limit at a time: 30 requests, 10 writes of 3.
    expect(writes).toEqual(Array.from({ length: 10 }, () => 3));
    expect((await rateRefusal(noisy, now))?.problem).toMatchObject({ status: 429 });
    // Another environment's requests reach this one through the table, a batch late at most.
    const other = newClient();
    await counter.count(other, 1_800_000_000, 60, 29);
    const fresh = apiEvent({ method: 'GET', path: '/v1/centers', clientId: other });
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push((await rateRefusal(fresh, now))?.problem.status ?? 200);
    expect(answers).toEqual([200, 200, 429]);
  });
});
