/**
 * The local half of "one topology, two realizations": what provision.ts creates in the
 * emulators equals infra/topology.ts; the pollers behave like Lambda's event source mappings
 * (SQS partial batch failures and DLQ redrive; DynamoDB stream records, retries and the
 * on-failure queue); and the schedule timers like EventBridge rate rules (Scheduled Events,
 * runs that never overlap).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand, DescribeTimeToLiveCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '#infra/local/constants.ts';
import { handlerEnvironment, LOCAL_RETRY_BASE_SECONDS } from '#infra/local/environment.ts';
import { FunctionRunner, invokeHandler, loadHandler, REPO_ROOT } from '#infra/local/lambda.ts';
import type { Log } from '#infra/local/log.ts';
import {
  type Poller,
  type StreamFailureRecord,
  startQueuePoller,
  startStreamPoller,
} from '#infra/local/pollers.ts';
import {
  ensureQueue,
  ensureQueueWithDlq,
  ensureTable,
  queueName,
  tableName,
} from '#infra/local/provision.ts';
import { type ScheduleTimers, startSchedules } from '#infra/local/schedules.ts';
import { StateStore } from '#infra/local/state.ts';
import {
  AGENCY_QUEUES,
  CONSUMERS,
  DOCUMENTS_BUCKET,
  FUNCTIONS,
  projectionOf,
  RETRY_BASE_SECONDS_ENV,
  SCHEDULES,
  TABLES,
  type TableId,
} from '#infra/topology.ts';
import type { SeenRecord } from '../fixtures/poison-handler.ts';
import type { probe as ProbeState } from '../fixtures/schedule-probe.ts';
import { emulatorClients, useEmulators } from './emulators.ts';
import { QUEUE_MAX_RECEIVES } from './global-setup.ts';

const { env, resources } = useEmulators();
const clients = emulatorClients();
const pollers: Poller[] = [];
const timers: ScheduleTimers[] = [];

afterAll(async () => {
  await Promise.all(timers.map((timer) => timer.stop()));
  await Promise.all(pollers.map((poller) => poller.stop()));
  clients.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('provisioned resources equal the topology', () => {
  for (const id of Object.keys(TABLES) as TableId[]) {
    const spec = TABLES[id];
    it(`table ${id}: keys, GSIs (as the topology projects them), on-demand, stream, TTL`, async () => {
      const name = resources.tables[id].name;
      expect(name).toBe(tableName(id));
      expect(env[spec.envVar]).toBe(name);
      const { Table: table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }));
      expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table?.KeySchema).toEqual([
        { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
        ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      const types = Object.fromEntries(
        (table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
      );
      for (const key of [
        spec.partitionKey,
        spec.sortKey,
        ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ]) {
        if (key) expect(types[key.name], key.name).toBe(key.type);
      }
      const indexes = (table?.GlobalSecondaryIndexes ?? [])
        .map((index) => ({
          name: index.IndexName,
          keys: index.KeySchema,
          projection: index.Projection?.ProjectionType,
        }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      const expected = spec.indexes
        .map((index) => ({
          name: index.name,
          keys: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
          ],
          projection: projectionOf(index).ProjectionType,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(indexes).toEqual(expected);
      expect(table?.LocalSecondaryIndexes ?? []).toEqual([]);
      if (spec.stream) {
        expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: spec.stream });
        expect(table?.LatestStreamArn).toBeTruthy();
      } else {
        expect(table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
      }
      const { TimeToLiveDescription: ttl } = await clients.dynamodb.send(
        new DescribeTimeToLiveCommand({ TableName: name }),
      );
      if (spec.ttlAttribute) {
        expect(ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: spec.ttlAttribute });
      } else {
        expect(ttl?.TimeToLiveStatus).toBe('DISABLED');
      }
    });
  }

  it('every agency queue has its DLQ; tests dead-letter after MOTCUA_QUEUE_MAX_RECEIVES (5), not the topology’s 13', async () => {
    expect(Object.keys(resources.agencyQueues).sort()).toEqual(AGENCY_QUEUES.map((q) => q.id).sort());
    const urls = JSON.parse(env.AGENCY_QUEUE_URLS ?? '{}') as Record<string, string>;
    for (const spec of AGENCY_QUEUES) {
      const queue = resources.agencyQueues[spec.id];
      expect(queue?.name).toBe(`motcua-${spec.id}`);
      expect(queue?.deadLetter.name).toBe(`motcua-${spec.id}-dlq`);
      expect(urls[spec.agencyId]).toBe(queue?.url);
      const { Attributes: attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue?.url, AttributeNames: ['All'] }),
      );
      const redrive = JSON.parse(attributes?.RedrivePolicy ?? '{}') as {
        deadLetterTargetArn?: string;
        maxReceiveCount?: unknown;
      };
      expect(redrive.deadLetterTargetArn).toBe(queue?.deadLetter.arn);
      expect(Number(redrive.maxReceiveCount)).toBe(QUEUE_MAX_RECEIVES);
      expect(queue?.maxReceiveCount).toBe(QUEUE_MAX_RECEIVES);
      expect(spec.maxReceiveCount).toBe(13);
      // Sources keep messages 4 days, their DLQs 14 days (as in the stack).
      expect(attributes?.MessageRetentionPeriod).toBe(String(4 * 24 * 3600));
      // The one local difference: tests ask for a 1 s visibility timeout (MOTCUA_QUEUE_VISIBILITY_SECONDS).
      expect(attributes?.VisibilityTimeout).toBe('1');
      const { Attributes: dlq } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue?.deadLetter.url, AttributeNames: ['All'] }),
      );
      expect(dlq?.RedrivePolicy).toBeUndefined();
      expect(dlq?.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
    }
  });

  it("the stream consumers' on-failure queues and the documents bucket exist", async () => {
    for (const consumer of CONSUMERS) {
      if (!(consumer.kind === 'stream')) continue;
      const queue = resources.failureQueues[consumer.onFailureQueue];
      expect(queue?.name).toBe(queueName(consumer.onFailureQueue));
      const { Attributes: attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue?.url, AttributeNames: ['QueueArn'] }),
      );
      expect(attributes?.QueueArn).toBe(queue?.arn);
    }
    expect(resources.bucket).toBe(`motcua-${DOCUMENTS_BUCKET.id}`);
    expect(env[DOCUMENTS_BUCKET.envVar]).toBe(resources.bucket);
    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: resources.bucket }))).resolves.toBeDefined();
  });

  it('provisioning again keeps what exists (idempotent)', async () => {
    const again = await ensureTable(clients.dynamodb, resources.tables.dossiers.name, TABLES.dossiers);
    expect(again.created).toBe(false);
    expect(again.streamArn).toBe(resources.tables.dossiers.streamArn);
    const spec = AGENCY_QUEUES[0];
    if (!spec) throw new Error('no agency queue');
    const queue = await ensureQueueWithDlq(clients.sqs, resources.endpoints.sqs, spec, {
      queueVisibilitySeconds: 1,
      queueMaxReceives: QUEUE_MAX_RECEIVES,
    });
    expect(queue.url).toBe(resources.agencyQueues[spec.id]?.url);
  });
});

describe('SQS poller', () => {
  it('redrives a message that always fails to the DLQ after maxReceiveCount; the rest of its batch is deleted', async () => {
    const fixturePath = join(REPO_ROOT, 'test/fixtures/poison-handler.ts');
    const handler = await loadHandler('test/fixtures/poison-handler.ts');
    const fixture = (await import(pathToFileURL(fixturePath).href)) as { batches: SeenRecord[][] };

    const suffix = randomUUID().slice(0, 8);
    const queue = await ensureQueueWithDlq(
      clients.sqs,
      resources.endpoints.sqs,
      { id: `test-poison-${suffix}`, agencyId: 'tax', maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
      { queueVisibilitySeconds: 1 },
    );
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: ['ok-1', 'poison', 'ok-2'].map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );
    const settings = {
      functionName: 'motcua-test-poison',
      timeoutSeconds: 5,
      memoryMiB: 128,
      region: resources.region,
    };
    pollers.push(
      startQueuePoller({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: resources.region,
        batchSize: 10,
        handler: (event: SQSEvent) => invokeHandler(handler, event, settings),
      }),
    );

    const dead = await waitFor(
      'the poison message in the DLQ',
      async () => {
        const { Messages: messages } = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.deadLetter.url,
            WaitTimeSeconds: 1,
            MaxNumberOfMessages: 10,
          }),
        );
        return messages && messages.length > 0 ? messages : undefined;
      },
      25_000,
    );
    expect(dead.map((m) => m.Body)).toEqual(['poison']);

    const seen = fixture.batches.flat().filter((record) => record.eventSourceARN === queue.arn);
    const first = fixture.batches.find((batch) => batch.some((r) => r.eventSourceARN === queue.arn));
    expect(first?.map((r) => r.body).sort()).toEqual(['ok-1', 'ok-2', 'poison']);
    // Handled once each: deleted after the first batch, never redelivered.
    expect(seen.filter((r) => r.body === 'ok-1')).toHaveLength(1);
    expect(seen.filter((r) => r.body === 'ok-2')).toHaveLength(1);
    // The poison message: received maxReceiveCount times, then moved.
    expect(seen.filter((r) => r.body === 'poison').map((r) => r.receiveCount)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);

    const { Attributes: left } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(left?.ApproximateNumberOfMessages).toBe('0');
    expect(left?.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });
});

describe('stream poller', () => {
  it("delivers an inserted item's NEW_IMAGE as Lambda's DynamoDB event record", async () => {
    const table = resources.tables.dossiers;
    const received: DynamoDBRecord[] = [];
    pollers.push(
      startStreamPoller({
        dynamodb: clients.dynamodb,
        streams: clients.streams,
        tableName: table.name,
        region: resources.region,
        batchSize: 100,
        retryAttempts: 2,
        handler: async (event: DynamoDBStreamEvent) => {
          received.push(...event.Records);
          return { batchItemFailures: [] };
        },
        onFailure: async () => {},
        checkpoints: await StateStore.open(undefined),
      }),
    );
    const pk = `TEST#${randomUUID()}`;
    const item = {
      pk: { S: pk },
      sk: { S: 'DOSSIER' },
      status: { S: 'RECEIVED' },
      version: { N: '1' },
      tags: { L: [{ S: 'a' }, { N: '2' }] },
      blob: { B: new Uint8Array([1, 2, 3]) },
    };
    await clients.dynamodb.send(new PutItemCommand({ TableName: table.name, Item: item }));

    const record = await waitFor('the stream record', () =>
      received.find((r) => r.dynamodb?.Keys?.pk?.S === pk),
    );
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: resources.region,
      eventSourceARN: table.streamArn,
      dynamodb: {
        Keys: { pk: { S: pk }, sk: { S: 'DOSSIER' } },
        NewImage: {
          pk: { S: pk },
          sk: { S: 'DOSSIER' },
          status: { S: 'RECEIVED' },
          version: { N: '1' },
          tags: { L: [{ S: 'a' }, { N: '2' }] },
          // Lambda's event JSON carries binary values base64-encoded.
          blob: { B: Buffer.from([1, 2, 3]).toString('base64') },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(record.dynamodb?.OldImage).toBeUndefined();
    expect(record.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
    expect(typeof record.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(typeof record.eventID).toBe('string');
  });

  it('retries from the first failed record, then records the batch in the on-failure queue and moves on', async () => {
    const suffix = randomUUID().slice(0, 8);
    const name = `motcua-test-stream-${suffix}`;
    await ensureTable(clients.dynamodb, name, {
      id: 'dossiers',
      envVar: 'UNUSED',
      partitionKey: { name: 'pk', type: 'S' },
      indexes: [],
      stream: 'NEW_AND_OLD_IMAGES',
    });
    const failures = await ensureQueue(
      clients.sqs,
      resources.endpoints.sqs,
      `motcua-test-failures-${suffix}`,
    );
    const attempts = new Map<string, number>();
    const checkpoints = await StateStore.open(undefined);
    const put = (pk: string) =>
      clients.dynamodb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
    const seen = (pk: string) => attempts.get(pk) ?? 0;

    await put('a');
    await put('poison');
    pollers.push(
      startStreamPoller({
        dynamodb: clients.dynamodb,
        streams: clients.streams,
        tableName: name,
        region: resources.region,
        batchSize: 100,
        retryAttempts: 2,
        retryDelayMs: () => 20,
        handler: async (event: DynamoDBStreamEvent) => {
          for (const r of event.Records) {
            const pk = r.dynamodb?.Keys?.pk?.S ?? '';
            attempts.set(pk, seen(pk) + 1);
          }
          const poison = event.Records.find((r) => r.dynamodb?.Keys?.pk?.S === 'poison');
          return {
            batchItemFailures: poison ? [{ itemIdentifier: poison.dynamodb?.SequenceNumber ?? '' }] : [],
          };
        },
        onFailure: async (failure) => {
          await clients.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: failures.url,
              Entries: [{ Id: '0', MessageBody: JSON.stringify(failure) }],
            }),
          );
        },
        checkpoints,
      }),
    );

    const message = await waitFor('the on-failure record', async () => {
      const { Messages: messages } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: failures.url, WaitTimeSeconds: 1 }),
      );
      return messages?.[0];
    });
    const failure = JSON.parse(message.Body ?? '{}') as StreamFailureRecord;
    expect(failure.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(failure.requestContext.approximateInvokeCount).toBe(3);
    expect(failure.DDBStreamBatchInfo.batchSize).toBe(1);
    expect(failure.DDBStreamBatchInfo.startSequenceNumber).toBe(failure.DDBStreamBatchInfo.endSequenceNumber);
    expect(failure.DDBStreamBatchInfo.streamArn).toContain(`table/${name}/stream/`);
    // 'a' succeeded in the first batch and was checkpointed; 'poison' got 1 + retryAttempts invocations.
    expect(seen('a')).toBe(1);
    expect(seen('poison')).toBe(3);
    const streamArn = failure.DDBStreamBatchInfo.streamArn;
    expect(checkpoints.get(streamArn, failure.DDBStreamBatchInfo.shardId)).toBe(
      failure.DDBStreamBatchInfo.endSequenceNumber,
    );

    // The shard moves on past the given-up record.
    await put('b');
    await waitFor('the next record', () => (seen('b') > 0 ? true : undefined));
    expect(seen('poison')).toBe(3);
  });
});

describe('schedule timers', () => {
  const PROBE_ENTRY = 'test/fixtures/schedule-probe.ts';
  const INTERVAL_MS = 100;

  it('invoke the function with an EventBridge Scheduled Event on every tick, never two runs at once, and stop on stop()', async () => {
    const { probe } = (await import(pathToFileURL(join(REPO_ROOT, PROBE_ENTRY)).href)) as {
      probe: typeof ProbeState;
    };
    // The function goes through the same FunctionRunner as the topology's (context, timeout).
    const runner = new FunctionRunner({
      region: resources.region,
      functions: { probe: { id: 'schedule-probe', entry: PROBE_ENTRY, tables: [], timeoutSeconds: 5 } },
    });
    const lines: string[] = [];
    const captured: Log = {
      debug: () => {},
      info: (message: string) => lines.push(`INFO ${message}`),
      warn: (message: string) => lines.push(`WARN ${message}`),
      error: (message: string) => lines.push(`ERROR ${message}`),
    };
    // Each run takes 3.5 ticks: the ticks in between must be skipped, not run alongside.
    probe.delayMs = 3.5 * INTERVAL_MS;
    const schedules = startSchedules({
      invoke: (functionId, event) => runner.invoke(functionId, event),
      region: resources.region,
      functions: runner.functions,
      schedules: [{ function: 'probe', rateMinutes: 15 }],
      intervalMs: INTERVAL_MS,
      log: captured,
    });
    timers.push(schedules);
    const stats = schedules.stats[0];
    expect(stats?.intervalMs).toBe(INTERVAL_MS);

    await waitFor('three scheduled runs', () =>
      probe.runs.filter((r) => r.endedAt).length >= 3 ? true : undefined,
    );
    expect(stats?.skipped).toBeGreaterThan(0);
    expect(lines).toContain(
      'INFO schedule-probe: the previous scheduled run is still going; skipping this one',
    );

    // A failing run is logged, and the schedule goes on.
    probe.delayMs = 0;
    probe.failNext = 1;
    const failedAt = await waitFor('a failed run', () => probe.runs.find((r) => r.failed)?.startedAt);
    await waitFor('a run after the failure', () =>
      probe.runs.some((r) => r.startedAt > failedAt && r.endedAt && !r.failed) ? true : undefined,
    );
    expect(stats?.failures).toBe(1);
    expect(lines.filter((line) => line.startsWith('ERROR'))).toEqual([
      'ERROR schedule-probe: scheduled run failed; the next one comes on schedule',
    ]);

    // stop() waits for the run in flight: hold one, stop, and stop() returns only after it ended.
    probe.delayMs = 0;
    probe.holdNext = true;
    const held = await waitFor('a run held in flight', () => (probe.release ? probe.runs.at(-1) : undefined));
    expect(probe.active).toBe(1);
    expect(held.endedAt).toBeUndefined();
    const stopping = schedules.stop().then(() => ({ heldEndedAt: held.endedAt, active: probe.active }));
    // While the run is held, stop() has to keep waiting, however long it is given.
    const first = await Promise.race([
      stopping.then(() => 'stopped'),
      sleep(300).then(() => 'still waiting'),
    ]);
    expect(first).toBe('still waiting');
    probe.release?.();
    const atStop = await stopping;
    expect(atStop.heldEndedAt).toBeDefined();
    expect(atStop.active).toBe(0);
    const runsAtStop = probe.runs.length;
    await sleep(3 * INTERVAL_MS);
    expect(probe.runs).toHaveLength(runsAtStop);
    expect(stats?.runs).toBe(runsAtStop);

    // Never two runs at once: each run ended before the next one started.
    expect(probe.maxActive).toBe(1);
    for (const [previous, next] of probe.runs.slice(1).map((run, i) => [probe.runs[i], run] as const)) {
      expect(previous?.endedAt).toBeLessThanOrEqual(next.startedAt);
    }

    // The event EventBridge sends a rate rule's target, one id per tick.
    const ruleArn = `arn:aws:events:${resources.region}:${LOCAL_ACCOUNT_ID}:rule/motcua-schedule-probe`;
    for (const { event } of probe.runs) {
      expect(event).toEqual({
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: LOCAL_ACCOUNT_ID,
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        region: resources.region,
        resources: [ruleArn],
        detail: {},
      });
    }
    expect(new Set(probe.runs.map((r) => r.event.id)).size).toBe(probe.runs.length);
  });

  it('by default, play the topology SCHEDULES at their rate, each as its rule motcua-<function id>', () => {
    const schedules = startSchedules({ invoke: async () => undefined, region: resources.region });
    timers.push(schedules);
    expect(schedules.stats.map((s) => [s.functionId, s.intervalMs, s.ruleArn])).toEqual(
      SCHEDULES.map((s) => [
        s.function,
        s.rateMinutes * 60_000,
        `arn:aws:events:${resources.region}:${LOCAL_ACCOUNT_ID}:rule/motcua-${FUNCTIONS[s.function].id}`,
      ]),
    );
  });
});

describe('handler environment', () => {
  it(`${RETRY_BASE_SECONDS_ENV}: ${LOCAL_RETRY_BASE_SECONDS} in local mode unless set (AWS: 30)`, () => {
    expect(handlerEnvironment(resources, { env: {} })[RETRY_BASE_SECONDS_ENV]).toBe(
      String(LOCAL_RETRY_BASE_SECONDS),
    );
    expect(
      handlerEnvironment(resources, { env: { [RETRY_BASE_SECONDS_ENV]: '7' } })[RETRY_BASE_SECONDS_ENV],
    ).toBe('7');
    expect(handlerEnvironment(resources, { retryBaseSeconds: 5, env: {} })[RETRY_BASE_SECONDS_ENV]).toBe('5');
    expect(env[RETRY_BASE_SECONDS_ENV]).toMatch(/^\d+$/);
  });
});

describe('batching windows', () => {
  it('a queue poller gathers a batch after its first message until the window is over', async () => {
    const suffix = randomUUID().slice(0, 8);
    const queue = await ensureQueueWithDlq(
      clients.sqs,
      resources.endpoints.sqs,
      { id: `test-window-${suffix}`, agencyId: 'tax', maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
      { queueVisibilitySeconds: 60 },
    );
    const send = (body: string) =>
      clients.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: [{ Id: '0', MessageBody: body }] }),
      );
    const batches: string[][] = [];
    pollers.push(
      startQueuePoller({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: resources.region,
        batchSize: 10,
        batchingWindowMs: 3_000,
        handler: async (event: SQSEvent) => {
          batches.push(event.Records.map((r) => r.body));
          return { batchItemFailures: [] };
        },
      }),
    );
    await send('first');
    // Once the poller holds the first message, the second is sent: without a window the first
    // would be handed over alone.
    await waitFor('the first message received', async () => {
      const { Attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Attributes?.ApproximateNumberOfMessagesNotVisible === '1' || undefined;
    });
    await send('second');
    await waitFor('a batch', async () => batches[0]);
    expect(batches).toEqual([['first', 'second']]);
  });

  /**
   * A table of its own with a stream poller on it (3 s window) reading through `streams` (the
   * client, or a wrapper that watches or fails its requests); its batches' keys, and a put.
   */
  async function windowedStream(label: string, streams: typeof clients.streams) {
    const name = `motcua-test-${label}-${randomUUID().slice(0, 8)}`;
    await ensureTable(clients.dynamodb, name, {
      id: 'dossiers',
      envVar: 'UNUSED',
      partitionKey: { name: 'pk', type: 'S' },
      indexes: [],
      stream: 'NEW_AND_OLD_IMAGES',
    });
    const batches: string[][] = [];
    pollers.push(
      startStreamPoller({
        dynamodb: clients.dynamodb,
        streams,
        tableName: name,
        region: resources.region,
        batchSize: 100,
        batchingWindowMs: 3_000,
        retryAttempts: 2,
        handler: async (event: DynamoDBStreamEvent) => {
          batches.push(event.Records.map((r) => r.dynamodb?.Keys?.pk?.S ?? ''));
          return { batchItemFailures: [] };
        },
        onFailure: async () => {},
        checkpoints: await StateStore.open(undefined),
      }),
    );
    const put = (pk: string) =>
      clients.dynamodb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
    return { batches, put };
  }

  /** The streams client with `before` run ahead of each request and `after` on each answer. */
  const watchedStreams = (
    before: (command: unknown) => void,
    after: (records: StreamRecord[]) => void,
  ): typeof clients.streams =>
    ({
      send: async (
        command: Parameters<typeof clients.streams.send>[0],
        options?: { abortSignal?: AbortSignal },
      ) => {
        before(command);
        const answer = await clients.streams.send(command as never, options);
        after((answer as { Records?: StreamRecord[] }).Records ?? []);
        return answer;
      },
    }) as unknown as typeof clients.streams;

  it('a stream poller gathers a batch after its first record until the window is over', async () => {
    // What the poller has read so far, to know when it holds the first record.
    const read: string[] = [];
    const { batches, put } = await windowedStream(
      'window',
      watchedStreams(
        () => undefined,
        (records) => read.push(...records.map((r) => r.dynamodb?.Keys?.pk?.S ?? '')),
      ),
    );
    await put('first');
    await waitFor('the first record read', async () => read.includes('first') || undefined);
    await put('second');
    await waitFor('a batch', async () => batches[0]);
    expect(batches).toEqual([['first', 'second']]);
  });

  it('a stream poller delivers what it gathered when a read in the window fails, without reading it again', async () => {
    let firstRead = false;
    let failed = false;
    // Iterators asked for after the failure: re-reading from the checkpoint instead of delivering.
    let iteratorsAfterFailure = 0;
    const { batches, put } = await windowedStream(
      'window-fail',
      watchedStreams(
        (command) => {
          // The read after the one that returned the first record fails, once.
          if (firstRead && !failed && command instanceof GetRecordsCommand) {
            failed = true;
            throw Object.assign(new Error('emulator hiccup'), { name: 'InternalServerError' });
          }
          if (failed && command instanceof GetShardIteratorCommand) iteratorsAfterFailure++;
        },
        (records) => {
          if (records.length > 0) firstRead = true;
        },
      ),
    );
    const delivered = () => batches.flat();
    await put('first');
    await waitFor('the first record delivered', async () => delivered().includes('first') || undefined);
    expect(failed).toBe(true);
    await put('second');
    await waitFor('the second record delivered', async () => delivered().includes('second') || undefined);
    expect(delivered()).toEqual(['first', 'second']);
    // Delivered from what was read, not read again from the checkpoint.
    expect(iteratorsAfterFailure).toBe(0);
  });
});
