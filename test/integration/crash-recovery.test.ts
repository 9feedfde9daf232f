/**
 * Crash recovery of the local runtime: a message a poller had received when the runtime was
 * killed is delivered again promptly after a restart on the same data folder, not when its
 * visibility timeout (here 120 s) runs out; and the stream poller resumes after the checkpoint
 * its state file kept, skipping nothing.
 */

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, localCredentials, newAccessKeyId } from '#infra/local/constants.ts';

/** This file's own key id: DynamoDB Local keeps a database per key id. */
const LOCAL_CREDENTIALS = localCredentials(newAccessKeyId());

import { type Fauxqs, startFauxqsServer } from '#infra/local/emulators.ts';
import { type Poller, startQueuePoller, startStreamPoller } from '#infra/local/pollers.ts';
import { type AgencyQueueResource, ensureQueueWithDlq, ensureTable } from '#infra/local/provision.ts';
import { releaseInFlightMessages } from '#infra/local/recovery.ts';
import { StateStore } from '#infra/local/state.ts';
import { AGENCY_QUEUES, TABLES } from '#infra/topology.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const VISIBILITY_SECONDS = 120;
/** Well before the visibility timeout: only the release can deliver the message in time. */
const REDELIVERY_DEADLINE_MS = 20_000;

const { resources } = useEmulators();
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** fauxqs on `dataDir`, an SQS client for it and the agency queue (as provision creates it). */
async function startQueues(
  dataDir: string,
): Promise<{ fauxqs: Fauxqs; sqs: SQSClient; queue: AgencyQueueResource }> {
  const fauxqs = await startFauxqsServer({ dataDir, region: LOCAL_REGION });
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: fauxqs.endpoint,
  });
  const spec = AGENCY_QUEUES[0];
  if (!spec) throw new Error('the topology has no agency queue');
  const queue = await ensureQueueWithDlq(sqs, fauxqs.endpoint, spec, {
    queueVisibilitySeconds: VISIBILITY_SECONDS,
  });
  return { fauxqs, sqs, queue };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-recovery-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + REDELIVERY_DEADLINE_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('after a restart on the same data folder', () => {
  it('a message received but not deleted before the kill is delivered again well before its visibility timeout', async () => {
    const dataDir = await tempDir();

    // Before the kill: a poller has received the message and not yet deleted it.
    const before = await startQueues(dataDir);
    const sent = await before.sqs.send(
      new SendMessageCommand({ QueueUrl: before.queue.url, MessageBody: '{"probe":"crash-recovery"}' }),
    );
    const received = await before.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: before.queue.url, MaxNumberOfMessages: 1, WaitTimeSeconds: 2 }),
    );
    expect(received.Messages?.map((m) => m.MessageId)).toEqual([sent.MessageId]);
    before.sqs.destroy();
    await before.fauxqs.stop();

    // The restart: the message is still in flight, for about 120 s more.
    const after = await startQueues(dataDir);
    cleanups.push(() => after.fauxqs.stop());
    cleanups.push(() => after.sqs.destroy());
    expect(after.fauxqs.server.inspectQueue(after.queue.name)?.messages.inflight).toHaveLength(1);

    const released = await releaseInFlightMessages({
      fauxqs: after.fauxqs.server,
      sqs: after.sqs,
      queues: [after.queue, after.queue.deadLetter],
    });
    expect(released).toBe(1);

    const delivered: SQSEvent['Records'] = [];
    const poller: Poller = startQueuePoller({
      sqs: after.sqs,
      queueUrl: after.queue.url,
      queueArn: after.queue.arn,
      region: LOCAL_REGION,
      batchSize: 10,
      handler: async (event) => {
        delivered.push(...event.Records);
        return { batchItemFailures: [] };
      },
    });
    cleanups.push(() => poller.stop());

    const record = await waitFor('the redelivery', () => delivered[0]);
    expect(record.messageId).toBe(sent.MessageId);
    expect(record.body).toBe('{"probe":"crash-recovery"}');
    expect(record.attributes.ApproximateReceiveCount).toBe('2');
  });
});

describe('the stream poller after a restart', () => {
  it('resumes after the checkpoint in the state file: nothing handled is delivered again, nothing new is skipped', async () => {
    const clients = emulatorClients();
    cleanups.push(() => clients.destroy());
    const table = await ensureTable(
      clients.dynamodb,
      `motcua-resume-${randomUUID().slice(0, 8)}`,
      TABLES.dossiers,
    );
    const stateFile = join(await tempDir(), 'state.json');
    const put = (pk: string) =>
      clients.dynamodb.send(
        new PutItemCommand({ TableName: table.name, Item: { pk: { S: pk }, sk: { S: 'DOSSIER' } } }),
      );
    const run = async (delivered: string[]): Promise<{ poller: Poller; state: StateStore }> => {
      const state = await StateStore.open(stateFile);
      const poller = startStreamPoller({
        dynamodb: clients.dynamodb,
        streams: clients.streams,
        tableName: table.name,
        region: resources.region,
        batchSize: 100,
        retryAttempts: 2,
        handler: async (event) => {
          delivered.push(...event.Records.map((r: DynamoDBRecord) => r.dynamodb?.Keys?.pk?.S ?? ''));
          return { batchItemFailures: [] };
        },
        onFailure: async () => {},
        checkpoints: state,
      });
      return { poller, state };
    };

    // The first run handles two records; its checkpoint reaches the state file, then it stops.
    const first: string[] = [];
    const before = await run(first);
    await put('first-a');
    await put('first-b');
    await waitFor('the first run to handle both records', () => (first.length >= 2 ? true : undefined));
    await before.poller.stop();
    await before.state.flush();

    // Written while the runtime is down (or after the last checkpoint): the next run must get it.
    await put('while-down');
    const second: string[] = [];
    const after = await run(second);
    cleanups.push(() => after.state.flush());
    cleanups.push(() => after.poller.stop());
    await waitFor('the restarted run to handle the new record', () =>
      second.length >= 1 ? true : undefined,
    );

    expect(first).toEqual(['first-a', 'first-b']);
    expect(second).toEqual(['while-down']);
  });
});
