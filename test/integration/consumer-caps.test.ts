/**
 * Isolation of the agency queues, locally: each queue's poller holds at most its consumer's
 * `maxConcurrency` invocations (the topology's cap, the same one the stack puts on the event
 * source mapping), so an agency whose deliveries hang takes no more than its share while
 * another agency's deliveries go through.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { type Poller, startConsumers } from '#infra/local/pollers.ts';
import { type AgencyQueueResource, ensureQueueWithDlq, type LocalResources } from '#infra/local/provision.ts';
import { StateStore } from '#infra/local/state.ts';
import { AGENCY_QUEUES, CONSUMERS, type ConsumerSpec } from '#infra/topology.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { resources } = useEmulators();
const clients = emulatorClients();
const RUN = randomUUID().slice(0, 8);

const SLOW = 'land-registry';
const FAST = 'tax';
const SLOW_MESSAGES = 80;
const FAST_MESSAGES = 15;

const specOf = (agencyId: string) => {
  const spec = AGENCY_QUEUES.find((q) => q.agencyId === agencyId);
  if (!spec) throw new Error(`no queue for ${agencyId}`);
  return spec;
};
const consumerOf = (queueId: string): Extract<ConsumerSpec, { kind: 'queue' }> => {
  const consumer = CONSUMERS.find((c) => c.kind === 'queue' && c.queue === queueId);
  if (consumer?.kind !== 'queue') throw new Error(`no consumer of ${queueId}`);
  return consumer;
};

// This file's copies of two agency queues; a long visibility timeout, so a held batch is not
// received a second time while it is held.
const queues: Record<string, AgencyQueueResource> = Object.fromEntries(
  await Promise.all(
    [SLOW, FAST].map(async (agencyId) => {
      const spec = specOf(agencyId);
      const queue = await ensureQueueWithDlq(
        clients.sqs,
        resources.endpoints.sqs,
        { ...spec, id: `${spec.id}-caps-${RUN}` },
        { queueVisibilitySeconds: 300 },
      );
      return [spec.id, queue] as const;
    }),
  ),
);
const queueOf = (agencyId: string): AgencyQueueResource => {
  const queue = queues[specOf(agencyId).id];
  if (!queue) throw new Error(`no test queue for ${agencyId}`);
  return queue;
};

// The slow agency's deliveries hang until released; the fast one's return at once.
let release: () => void = () => undefined;
const released = new Promise<void>((resolve) => {
  release = resolve;
});
const inFlight = { [SLOW]: 0, [FAST]: 0 };
const peak = { [SLOW]: 0, [FAST]: 0 };
const handled = { [SLOW]: 0, [FAST]: 0 };
const agencyOfArn = (arn: string | undefined): typeof SLOW | typeof FAST =>
  arn === queueOf(SLOW).arn ? SLOW : FAST;

async function deliver(_functionId: string, event: unknown): Promise<unknown> {
  const { Records: records } = event as SQSEvent;
  const agency = agencyOfArn(records[0]?.eventSourceARN);
  inFlight[agency]++;
  peak[agency] = Math.max(peak[agency], inFlight[agency]);
  try {
    if (agency === SLOW) await released;
    handled[agency] += records.length;
    return { batchItemFailures: [] };
  } finally {
    inFlight[agency]--;
  }
}

const consumers: ConsumerSpec[] = [SLOW, FAST].map((agencyId) => ({
  ...consumerOf(specOf(agencyId).id),
  queue: queueOf(agencyId).spec.id,
}));
const local: LocalResources = {
  ...resources,
  agencyQueues: Object.fromEntries(Object.values(queues).map((q) => [q.spec.id, q])),
};
let poller: Poller | undefined;

afterAll(async () => {
  release();
  await poller?.stop();
  clients.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function enqueue(agencyId: string, count: number): Promise<void> {
  for (let first = 0; first < count; first += 10) {
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueOf(agencyId).url,
        Entries: Array.from({ length: Math.min(10, count - first) }, (_, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({ n: first + i, agencyId }),
        })),
      }),
    );
  }
}

describe('agency queue caps, locally', () => {
  it('the topology caps every agency queue on its own, at 2 or more concurrent invocations', () => {
    for (const spec of AGENCY_QUEUES) {
      expect(consumerOf(spec.id).maxConcurrency, spec.id).toBeGreaterThanOrEqual(2);
    }
  });

  it("a hanging agency holds at most its cap while another agency's deliveries proceed", async () => {
    const cap = consumerOf(specOf(SLOW).id).maxConcurrency;
    // Enough messages for more batches than the cap (a batch holds at most batchSize).
    expect(SLOW_MESSAGES).toBeGreaterThan(cap * consumerOf(specOf(SLOW).id).batchSize);

    await enqueue(SLOW, SLOW_MESSAGES);
    poller = startConsumers({
      // No test waits on a batching window.
      maxBatchingWindowSeconds: 0,
      clients,
      resources: local,
      invoke: deliver,
      checkpoints: await StateStore.open(undefined),
      consumers,
    });
    await waitFor('the slow agency at its cap', () => inFlight[SLOW] === cap);

    // With the slow agency saturated, the other agency's deliveries all go through.
    await enqueue(FAST, FAST_MESSAGES);
    await waitFor('the fast agency delivered', () => handled[FAST] === FAST_MESSAGES);
    expect(inFlight[SLOW]).toBe(cap);
    expect(handled[SLOW]).toBe(0);

    // Released, the slow agency drains, never above its cap.
    release();
    await waitFor('the slow agency drained', () => handled[SLOW] === SLOW_MESSAGES, 30_000);
    expect(peak[SLOW]).toBe(cap);
    expect(peak[FAST]).toBeLessThanOrEqual(consumerOf(specOf(FAST).id).maxConcurrency);
  });
});
