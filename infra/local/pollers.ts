/**
 * Lambda's event source mappings, played locally (topology CONSUMERS):
 * - Both: a batch is handed over once it is full or its batching window (the consumer's
 *   `maxBatchingWindowSeconds`, from its first record) is over, as the event source mapping does.
 * - SQS: long-poll a queue, hand batches to the function as an SQSEvent, delete what succeeded
 *   (ReportBatchItemFailures semantics), with at most the consumer's `maxConcurrency`
 *   invocations in flight per queue, as the event source mapping caps them. A failed message becomes visible again after the
 *   queue's visibility timeout; after maxReceiveCount receives fauxqs moves it to the DLQ.
 * - DynamoDB streams: read every shard in order (children after their parents), hand batches
 *   to the function as a DynamoDBStreamEvent, retry from the first failed record, give up after
 *   `retryAttempts` retries by sending Lambda's on-failure record to the consumer's failure
 *   queue, and checkpoint (state.json) after every handled batch.
 * Loops sleep when idle and log (never crash) on emulator errors; stop() ends them cleanly.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AttributeValue,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSEvent,
  SQSMessageAttribute,
  SQSRecord,
} from 'aws-lambda';
import { CONSUMERS, type ConsumerSpec, FUNCTIONS } from '#infra/topology.ts';
import type { AwsClients } from './clients.ts';
import { LOCAL_ACCOUNT_ID } from './constants.ts';
import { functionName } from './lambda.ts';
import { describeError, type Log, silentLog } from './log.ts';
import type { LocalResources } from './provision.ts';
import type { CheckpointStore } from './state.ts';

export type Poller = { stop(): Promise<void> };

/** Sleeps `ms`, or less when `signal` aborts (never rejects). */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal }).catch(() => undefined);

/** Logs a repeating failure once, then at most every 30 s, and says when it recovers. */
function throttledWarn(log: Log, message: string) {
  let since: number | undefined;
  let lastAt = 0;
  let count = 0;
  return {
    fail(error: unknown, data: Record<string, unknown> = {}) {
      count++;
      since ??= Date.now();
      if (Date.now() - lastAt < 30_000) return;
      lastAt = Date.now();
      log.warn(message, { ...data, failures: count, error: describeError(error) });
    },
    ok() {
      if (since !== undefined) log.info(`${message}: recovered`, { failures: count });
      since = undefined;
      count = 0;
      lastAt = 0;
    },
  };
}

const backoffMs = (failures: number): number => Math.min(5_000, 200 * 2 ** Math.min(failures, 5));

/**
 * A batch's first records and more, read until it holds `size` or its batching window (from the
 * first) is over, as the event source mapping gathers one. `readMore(max, leftMs)` answers what
 * it read, or undefined when it cannot read on (a failed read, a closed shard): the gathering
 * ends there and what was read is handed over, or it would be lost.
 */
async function gatherBatch<T>(
  first: readonly T[],
  size: number,
  windowMs: number,
  signal: AbortSignal,
  readMore: (max: number, leftMs: number) => Promise<T[] | undefined>,
): Promise<T[]> {
  const windowEndsAt = Date.now() + windowMs;
  const batch = [...first];
  while (batch.length < size && !signal.aborted) {
    const left = windowEndsAt - Date.now();
    if (left <= 0) break;
    const more = await readMore(size - batch.length, left);
    if (!more) break;
    batch.push(...more);
    if (more.length === 0) await pause(Math.min(left, 100), signal);
  }
  return batch;
}

/** The itemIdentifiers of a `{ batchItemFailures }` response; `all` when the response is unusable. */
function batchItemFailures(result: unknown): string[] | 'all' {
  if (result === undefined || result === null) return [];
  if (typeof result !== 'object') return [];
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return 'all';
  const ids: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // Lambda fails the whole batch on a missing or empty identifier.
    if (typeof id !== 'string' || id === '') return 'all';
    ids.push(id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// SQS

export type QueuePollerOptions = {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** Invocations in flight at most (the event source mapping's maxConcurrency; default 1). */
  maxConcurrency?: number;
  /** How long a batch gathers messages after its first, unless full (default 0: hand it over at once). */
  batchingWindowMs?: number;
  /** Long-poll wait (1–2 s keeps stop() quick). */
  waitTimeSeconds?: number;
  handler: (event: SQSEvent) => Promise<unknown>;
  log?: Log;
  name?: string;
};

function sqsMessageAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined
      ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
      : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    dataType: value.DataType ?? 'String',
  };
}

/** An SQS message as Lambda's SQS event source hands it to the function. */
export function sqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = (message.Attributes ?? {}) as Record<string, string>;
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? LOCAL_ACCOUNT_ID,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...attributes,
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        sqsMessageAttribute(value),
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * The messages of a batch that failed, from the function's answer (ReportBatchItemFailures): an
 * identifier that is not in the batch fails the whole batch, as in Lambda.
 */
function failedMessages(reported: string[] | 'all', messages: Message[]): Set<string> {
  const ids = new Set(messages.map((m) => m.MessageId ?? ''));
  return reported === 'all' || reported.some((id) => !ids.has(id)) ? ids : new Set(reported);
}

export function startQueuePoller(options: QueuePollerOptions): Poller {
  const log = options.log ?? silentLog;
  const name = options.name ?? options.queueArn.split(':').pop() ?? options.queueUrl;
  const abort = new AbortController();
  const receiveWarn = throttledWarn(log, `cannot receive from ${name}`);
  const deleteWarn = throttledWarn(log, `cannot delete handled messages from ${name}`);

  const batchSize = Math.max(1, options.batchSize);
  const receive = async (max = batchSize, waitSeconds = options.waitTimeSeconds ?? 1): Promise<Message[]> => {
    const received = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return received.Messages ?? [];
  };

  /** Messages after a batch's first ones, until it is full or its window is over. */
  const gather = (first: Message[]) =>
    gatherBatch(first, batchSize, options.batchingWindowMs ?? 0, abort.signal, (max, leftMs) =>
      // Long polls answer in whole seconds: wait in them while a second is left.
      receive(max, Math.min(options.waitTimeSeconds ?? 1, Math.floor(leftMs / 1000))).catch(() => undefined),
    );

  /** The function's verdict on the batch: the ids of the messages to leave for a retry. */
  const invoke = async (messages: Message[]): Promise<Set<string>> => {
    const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, options.queueArn, options.region)) };
    try {
      return failedMessages(batchItemFailures(await options.handler(event)), messages);
    } catch (error) {
      log.warn(`function failed on a batch from ${name}; the batch will be retried`, {
        messages: messages.length,
        error: describeError(error),
      });
      return new Set(messages.map((m) => m.MessageId ?? ''));
    }
  };

  const deleteHandled = async (handled: Message[]): Promise<void> => {
    try {
      const result = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: handled.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        deleteWarn.fail(new Error(result.Failed.map((f) => f.Message ?? f.Code).join('; ')));
      } else {
        deleteWarn.ok();
      }
    } catch (error) {
      // Not deleted: the messages come back after the visibility timeout (at-least-once).
      deleteWarn.fail(error);
    }
  };

  /** One batch: invoke → delete what was handled; failed messages come back after their visibility timeout. */
  const handle = async (messages: Message[]): Promise<void> => {
    const failed = await invoke(messages);
    const handled = messages.filter((m) => m.MessageId && !failed.has(m.MessageId) && m.ReceiptHandle);
    if (handled.length > 0) await deleteHandled(handled);
  };

  // Receives only while a slot is free: never more than maxConcurrency batches in flight.
  const maxConcurrency = Math.max(1, options.maxConcurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      if (inFlight.size >= maxConcurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: Message[];
      const startedAt = Date.now();
      try {
        messages = await receive();
        if (messages.length > 0) messages = await gather(messages);
        failures = 0;
        receiveWarn.ok();
      } catch (error) {
        if (abort.signal.aborted) break;
        failures++;
        receiveWarn.fail(error);
        await pause(backoffMs(failures), abort.signal);
        continue;
      }
      if (messages.length === 0) {
        // A receive that came back at once (no long polling) must not turn into a hot loop.
        if (Date.now() - startedAt < 200) await pause(200, abort.signal);
        continue;
      }
      const batch = handle(messages).finally(() => inFlight.delete(batch));
      inFlight.add(batch);
    }
  })();

  return {
    stop: async () => {
      abort.abort();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DynamoDB streams

/** What Lambda sends to a stream consumer's on-failure destination (the records stay in the stream). */
export type StreamFailureRecord = {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetryAttemptsExhausted';
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
};

export type StreamPollerOptions = {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  region: string;
  batchSize: number;
  /** Retries of a failing batch (after the first attempt) before its records are given up. */
  retryAttempts: number;
  /** How long a batch gathers records after its first, unless full (default 0: hand it over at once). */
  batchingWindowMs?: number;
  handler: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Records the batch given up on (e.g. sends it to the consumer's on-failure queue). */
  onFailure: (failure: StreamFailureRecord) => Promise<void>;
  checkpoints: CheckpointStore;
  functionArn?: string;
  /** GetRecords interval of an idle stream, at most (default 200 ms). */
  pollIntervalMs?: number;
  /**
   * The first pause after a round that had records (default 20 ms); each idle round doubles it
   * up to `pollIntervalMs`, so a burst's next records are read soon and an idle stream costs no
   * more than before.
   */
  minPollIntervalMs?: number;
  /** How often the shard list is refreshed (default 5 s). */
  describeIntervalMs?: number;
  /** Pause before retrying a failed batch (default 100 ms × attempt, at most 2 s). */
  retryDelayMs?: (attempt: number) => number;
  log?: Log;
};

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The SDK's AttributeValue (binary as bytes) as Lambda's event JSON has it (binary as base64). */
function lambdaAttributeValue(value: AttributeValue): Record<string, unknown> {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: lambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(lambdaAttributeValue) };
  const { $unknown: _unknown, ...rest } = value as AttributeValue & { $unknown?: unknown };
  return rest;
}

function lambdaImage(image: Record<string, AttributeValue>): Record<string, never> {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, lambdaAttributeValue(value)]),
  ) as Record<string, never>;
}

/** A stream record as Lambda's DynamoDB event source hands it to the function. */
export function dynamoDbRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? randomUUID(),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(
        (created instanceof Date ? created.getTime() : Date.now()) / 1000,
      ),
      ...(d.Keys ? { Keys: lambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: lambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: lambdaImage(d.OldImage) } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: { ...record.userIdentity } } : {}),
  };
}

type ShardState = { shard: Shard; iterator: string | undefined; closed: boolean };

const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

const sequenceOf = (record: StreamRecord | undefined): string | undefined => record?.dynamodb?.SequenceNumber;

/** Lambda's on-failure record for a batch given up on after `invocations` attempts. */
function streamFailureRecord(
  batch: StreamRecord[],
  where: { streamArn: string; shardId: string; functionArn: string },
  invocations: number,
): StreamFailureRecord {
  const first = batch[0]?.dynamodb;
  const last = batch[batch.length - 1]?.dynamodb;
  const arrival = (date: Date | undefined) => (date instanceof Date ? date : new Date()).toISOString();
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: where.functionArn,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: invocations,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: where.shardId,
      startSequenceNumber: first?.SequenceNumber ?? '',
      endSequenceNumber: last?.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
      batchSize: batch.length,
      streamArn: where.streamArn,
    },
  };
}

/**
 * Where a batch failed, from the function's answer: undefined when all of it was handled, else
 * the index to retry from (the lowest reported record; 0 for a throw or unknown identifiers).
 */
function firstFailedRecord(reported: string[] | 'all', batch: StreamRecord[]): number | undefined {
  if (reported === 'all') return 0;
  if (reported.length === 0) return undefined;
  const indexes = reported.map((id) => batch.findIndex((record) => sequenceOf(record) === id));
  return indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
}

/**
 * One table's stream as Lambda's event source mapping reads it: the shards (refreshed now and
 * then), each one's iterator (from its checkpoint, else its oldest record), and the delivery of
 * each batch to the function with retries, give-ups and checkpoints.
 */
class StreamReader {
  private readonly options: StreamPollerOptions;
  private readonly signal: AbortSignal;
  private readonly log: Log;
  private readonly name: string;
  private streamArn: string | undefined;
  private readonly shards = new Map<string, ShardState>();
  private describedAt = 0;

  constructor(options: StreamPollerOptions, signal: AbortSignal, log: Log) {
    this.options = options;
    this.signal = signal;
    this.log = log;
    this.name = `stream of ${options.tableName}`;
  }

  get description(): string {
    return this.name;
  }

  /** Reads every readable shard once; whether any had records. */
  async round(): Promise<boolean> {
    const arn = await this.stream();
    if (Date.now() - this.describedAt > (this.options.describeIntervalMs ?? 5_000))
      await this.refreshShards(arn);
    let busy = false;
    for (const state of this.shards.values()) {
      if (this.signal.aborted) break;
      if (this.readable(state) && (await this.pollShard(arn, state))) busy = true;
    }
    return busy;
  }

  /** After a failed round: iterators are re-created from the checkpoints, the stream looked up again if gone. */
  recover(error: unknown): void {
    if (errorName(error) === 'ResourceNotFoundException') this.streamArn = undefined;
    for (const state of this.shards.values()) state.iterator = undefined;
  }

  private async stream(): Promise<string> {
    if (this.streamArn) return this.streamArn;
    const { Table: table } = await this.options.dynamodb.send(
      new DescribeTableCommand({ TableName: this.options.tableName }),
      { abortSignal: this.signal },
    );
    if (!table?.LatestStreamArn) throw new Error(`table ${this.options.tableName} has no stream`);
    this.streamArn = table.LatestStreamArn;
    this.shards.clear();
    this.describedAt = 0;
    return this.streamArn;
  }

  private async refreshShards(arn: string): Promise<void> {
    let start: string | undefined;
    do {
      const { StreamDescription: description } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
        { abortSignal: this.signal },
      );
      for (const shard of description?.Shards ?? []) {
        if (shard.ShardId && !this.shards.has(shard.ShardId)) {
          this.shards.set(shard.ShardId, { shard, iterator: undefined, closed: false });
        }
      }
      start = description?.LastEvaluatedShardId;
    } while (start);
    this.describedAt = Date.now();
  }

  /** Parents first: a shard is read once its parent (if still listed) is fully read. */
  private readable(state: ShardState): boolean {
    const parent = state.shard.ParentShardId;
    return !state.closed && (!parent || !this.shards.has(parent) || this.shards.get(parent)?.closed === true);
  }

  /** After the checkpoint; from the oldest record when there is none or it is no longer readable. */
  private async iteratorFor(arn: string, shardId: string): Promise<string | undefined> {
    const checkpoint = this.options.checkpoints.get(arn, shardId);
    if (checkpoint) {
      try {
        const { ShardIterator } = await this.options.streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            SequenceNumber: checkpoint,
          }),
          { abortSignal: this.signal },
        );
        return ShardIterator;
      } catch (error) {
        if (this.signal.aborted) throw error;
        this.log.warn('stream checkpoint no longer readable; reading the shard from its oldest record', {
          shardId,
          error: describeError(error),
        });
      }
    }
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      { abortSignal: this.signal },
    );
    return ShardIterator;
  }

  /**
   * The shard's next batch delivered: its records from one GetRecords, and more until the batch
   * is full or its batching window is over; whether there were any.
   */
  private async pollShard(arn: string, state: ShardState): Promise<boolean> {
    const shardId = state.shard.ShardId ?? '';
    state.iterator ??= await this.iteratorFor(arn, shardId);
    if (!state.iterator) {
      state.closed = true;
      return false;
    }
    const { batchSize } = this.options;
    const first = await this.read(state, batchSize);
    if (first.length === 0) return false;
    // The iterator has moved past what was read: a failed read delivers it, or it would be skipped.
    const records = await gatherBatch(
      first,
      batchSize,
      this.options.batchingWindowMs ?? 0,
      this.signal,
      (max) => (state.iterator ? this.read(state, max).catch(() => undefined) : Promise.resolve(undefined)),
    );
    await this.deliver(arn, shardId, records);
    return true;
  }

  /** One GetRecords on the shard, moving its iterator on (none: closed, or to re-create). */
  private async read(state: ShardState, limit: number): Promise<StreamRecord[]> {
    if (!state.iterator) return [];
    let result: GetRecordsCommandOutput;
    try {
      result = await this.options.streams.send(
        new GetRecordsCommand({ ShardIterator: state.iterator, Limit: limit }),
        { abortSignal: this.signal },
      );
    } catch (error) {
      // An expired or trimmed iterator is re-created from the checkpoint on the next round.
      if (/ExpiredIterator|TrimmedDataAccess/.test(errorName(error))) {
        state.iterator = undefined;
        return [];
      }
      throw error;
    }
    state.iterator = result.NextShardIterator;
    if (!state.iterator) {
      state.closed = true;
      this.describedAt = 0;
    }
    return result.Records ?? [];
  }

  /** Hands the records to the function until all are handled or given up; checkpoints as it goes. */
  private async deliver(arn: string, shardId: string, records: StreamRecord[]): Promise<void> {
    const checkpoint = (record: StreamRecord | undefined) => {
      const sequence = sequenceOf(record);
      if (sequence) this.options.checkpoints.set(arn, shardId, sequence);
    };
    const retryDelay = this.options.retryDelayMs ?? ((attempt: number) => Math.min(2_000, 100 * attempt));
    let batch = records;
    let attempts = 0;
    while (batch.length > 0) {
      if (this.signal.aborted) throw new Error('stopped');
      const firstFailed = await this.invoke(arn, batch);
      if (firstFailed === undefined) return checkpoint(batch[batch.length - 1]);
      if (firstFailed > 0) {
        // What came before the failure is done: checkpoint it and retry from the failure.
        checkpoint(batch[firstFailed - 1]);
        batch = batch.slice(firstFailed);
        attempts = 1;
      } else {
        attempts++;
      }
      if (attempts > this.options.retryAttempts) {
        await this.giveUp(arn, shardId, batch, attempts);
        return checkpoint(batch[batch.length - 1]);
      }
      await pause(retryDelay(attempts), this.signal);
    }
  }

  /** One invocation of the function with `batch`: where it failed (undefined: it did not). */
  private async invoke(arn: string, batch: StreamRecord[]): Promise<number | undefined> {
    const event: DynamoDBStreamEvent = {
      Records: batch.map((record) => dynamoDbRecord(record, arn, this.options.region)),
    };
    try {
      return firstFailedRecord(batchItemFailures(await this.options.handler(event)), batch);
    } catch (error) {
      this.log.warn(`function failed on a batch from the ${this.name}`, {
        records: batch.length,
        error: describeError(error),
      });
      return 0;
    }
  }

  /** Records the batch as given up on; it must be recorded before it is skipped, so this keeps trying. */
  private async giveUp(
    arn: string,
    shardId: string,
    batch: StreamRecord[],
    invocations: number,
  ): Promise<void> {
    const failure = streamFailureRecord(
      batch,
      { streamArn: arn, shardId, functionArn: this.options.functionArn ?? '' },
      invocations,
    );
    this.log.warn(`giving up on ${batch.length} stream record(s) after ${invocations} attempts`, {
      table: this.options.tableName,
      shardId,
      startSequenceNumber: failure.DDBStreamBatchInfo.startSequenceNumber,
      endSequenceNumber: failure.DDBStreamBatchInfo.endSequenceNumber,
    });
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        await this.options.onFailure(failure);
        return;
      } catch (error) {
        this.log.warn('cannot record a stream failure; retrying', { error: describeError(error) });
        await pause(backoffMs(attempt), this.signal);
      }
    }
    throw new Error('stopped');
  }
}

/**
 * The pause before the next round: none after a round with records, then `minMs` doubling per
 * idle round up to `maxMs` (where a stream with nothing new stays).
 */
export function idleBackoff(minMs: number, maxMs: number) {
  // Idle rounds since the last busy one; a stream that never had records waits the most.
  let idleRounds = Number.POSITIVE_INFINITY;
  return {
    next(busy: boolean): number {
      if (busy) {
        idleRounds = 0;
        return 0;
      }
      const wait = Math.min(maxMs, Math.max(1, minMs) * 2 ** idleRounds);
      idleRounds++;
      return wait;
    },
  };
}

export function startStreamPoller(options: StreamPollerOptions): Poller {
  const log = options.log ?? silentLog;
  const abort = new AbortController();
  const reader = new StreamReader(options, abort.signal, log);
  const warn = throttledWarn(log, `cannot read the ${reader.description}`);

  const idle = idleBackoff(options.minPollIntervalMs ?? 20, options.pollIntervalMs ?? 200);
  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const busy = await reader.round();
        failures = 0;
        warn.ok();
        const wait = idle.next(busy);
        if (wait > 0) await pause(wait, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) break;
        failures++;
        warn.fail(error);
        reader.recover(error);
        await pause(backoffMs(failures), abort.signal);
      }
    }
  })();

  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The topology's consumers

export type ConsumersOptions = {
  clients: AwsClients;
  resources: LocalResources;
  /** Invokes a topology function (FunctionRunner.invoke). */
  invoke: (functionId: string, event: unknown) => Promise<unknown>;
  checkpoints: CheckpointStore;
  consumers?: readonly ConsumerSpec[];
  /** Caps every consumer's batching window (seconds): tests set 0, so no test waits on one. */
  maxBatchingWindowSeconds?: number;
  log?: Log;
};

/**
 * Each stream consumer resumes from its own checkpoints, as each event source mapping does. The
 * first consumer of a table keeps the bare stream ARN as its key (state files written before a
 * second consumer existed stay valid); later ones add their function id to it.
 */
function consumerCheckpoints(checkpoints: CheckpointStore, consumer: ConsumerSpec): CheckpointStore {
  if (consumer.kind !== 'stream') return checkpoints;
  const first = CONSUMERS.find((c) => c.kind === 'stream' && c.table === consumer.table);
  if (first?.function === consumer.function) return checkpoints;
  const key = (streamArn: string) => `${streamArn}#${consumer.function}`;
  return {
    get: (streamArn, shardId) => checkpoints.get(key(streamArn), shardId),
    set: (streamArn, shardId, sequence) => checkpoints.set(key(streamArn), shardId, sequence),
  };
}

/** A consumer's batching window in ms, at most `capSeconds` when given. */
const batchingWindowMs = (consumer: ConsumerSpec, capSeconds?: number): number =>
  Math.min(consumer.maxBatchingWindowSeconds, capSeconds ?? Number.POSITIVE_INFINITY) * 1000;

/** One poller per topology consumer; stop() stops them all. */
export function startConsumers(options: ConsumersOptions): Poller {
  const { clients, resources } = options;
  const log = options.log ?? silentLog;
  const pollers = (options.consumers ?? CONSUMERS).map((consumer): Poller => {
    const spec = FUNCTIONS[consumer.function];
    const invoke = (event: unknown) => options.invoke(consumer.function, event);
    if (consumer.kind === 'queue') {
      const queue = resources.agencyQueues[consumer.queue] ?? resources.serviceQueues?.[consumer.queue];
      if (!queue) throw new Error(`consumer ${consumer.function} reads unknown queue ${consumer.queue}`);
      return startQueuePoller({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: resources.region,
        batchSize: consumer.batchSize,
        batchingWindowMs: batchingWindowMs(consumer, options.maxBatchingWindowSeconds),
        maxConcurrency: consumer.maxConcurrency,
        handler: invoke,
        log,
        name: queue.name,
      });
    }
    const table = resources.tables[consumer.table];
    const failureQueue = resources.failureQueues[consumer.onFailureQueue];
    if (!failureQueue) throw new Error(`no failure queue ${consumer.onFailureQueue}`);
    return startStreamPoller({
      dynamodb: clients.dynamodb,
      streams: clients.streams,
      tableName: table.name,
      region: resources.region,
      batchSize: consumer.batchSize,
      batchingWindowMs: batchingWindowMs(consumer, options.maxBatchingWindowSeconds),
      retryAttempts: consumer.retryAttempts,
      handler: invoke,
      onFailure: async (failure) => {
        await clients.sqs.send(
          new SendMessageCommand({ QueueUrl: failureQueue.url, MessageBody: JSON.stringify(failure) }),
        );
      },
      checkpoints: consumerCheckpoints(options.checkpoints, consumer),
      functionArn: `arn:aws:lambda:${resources.region}:${LOCAL_ACCOUNT_ID}:function:${functionName(spec)}`,
      log,
    });
  });
  return {
    stop: async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}
