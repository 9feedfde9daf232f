/**
 * The usage meter of `npm run cost`: counts what the local runtime would be billed for in AWS,
 * by service, operation and unit. Opt-in: nothing is attached or recorded until the cost command
 * builds a meter, attaches it to the handlers' SDK clients and starts it (`npm start` and the
 * tests never do, so they pay nothing for it).
 *
 * - AWS SDK requests: a middleware on each client (`attach`) counts every request by client and
 *   command; on DynamoDB it asks for `ReturnConsumedCapacity: 'INDEXES'` and sums the answers'
 *   `ConsumedCapacity` as read or write request units (on-demand billing), a transaction's as AWS
 *   bills it (shared/adapters/capacity-meter.ts: DynamoDB Local under-reports transactions).
 *   Where an answer has none (a failed conditional write), the units are computed by DynamoDB's
 *   documented rules.
 * - Lambda invocations and their duration per function (`recordInvocation`, from the one hook in
 *   lambda.ts), with the function's memory, and what each trigger implies (API requests at the
 *   gateway, the event source mapping's SQS requests, free stream reads, the S3 upload).
 * - Log bytes written by handlers (`recordLogBytes`).
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import {
  billedWriteCapacity,
  isSizeLookup,
  type Sender,
  watchTransactWrites,
} from '#shared/adapters/capacity-meter.ts';

/** One counted line: a unit of a service's operation (`DynamoDB`, `PutItem`, `WRU`). */
export type UsageLine = { service: string; operation: string; unit: string; amount: number };

/** What the meter needs of an SDK v3 client: its middleware stack. */
export type MeterableClient<I extends object, O extends object> = {
  middlewareStack: MiddlewareStack<I, O>;
  /** DynamoDB's: reads back the items of a transaction's updates to size them (not counted). */
  send?: unknown;
};

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
/** Operations that take ReturnConsumedCapacity (the others, e.g. DescribeTable, are not billed per unit). */
const CAPACITY_OPERATIONS = new Set([
  ...READS,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Read and write units of a `ConsumedCapacity` answer (one object, or one per table). */
export function consumedUnits(
  operation: string,
  consumed: Capacity | readonly Capacity[] | undefined,
): { read: number; write: number } | undefined {
  if (consumed === undefined) return undefined;
  const all = Array.isArray(consumed) ? consumed : [consumed as Capacity];
  if (all.length === 0) return undefined;
  let read = 0;
  let write = 0;
  for (const c of all) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      read += c.ReadCapacityUnits ?? 0;
      write += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(operation)) read += c.CapacityUnits ?? 0;
    else write += c.CapacityUnits ?? 0;
  }
  return { read, write };
}

/**
 * Units of a DynamoDB request whose answer reported none: a write refused by its condition
 * still consumes the write (1 WRU per item up to 1 KB, 2 in a transaction), a read at least one
 * half unit (eventually consistent, up to 4 KB). An estimate, counted as such.
 */
export function documentedMinimumUnits(operation: string): { read: number; write: number } {
  if (operation === 'TransactWriteItems') return { read: 0, write: 2 };
  if (operation === 'TransactGetItems') return { read: 2, write: 0 };
  return READS.has(operation) ? { read: 0.5, write: 0 } : { read: 0, write: 1 };
}

export type InvocationRecord = {
  functionName: string;
  memoryMiB: number;
  durationMs: number;
  event: unknown;
};

type SqsEvent = { Records: { eventSource?: string; EventSource?: string }[] };
const firstRecordSource = (event: unknown): string | undefined => {
  const records = (event as Partial<SqsEvent> | null)?.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  return records[0]?.eventSource ?? records[0]?.EventSource;
};
const isApiRequest = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && 'httpMethod' in event && 'requestContext' in event;

export class UsageMeter {
  private readonly lines = new Map<string, UsageLine>();
  private on = false;
  private readonly attached = new WeakSet<object>();

  get recording(): boolean {
    return this.on;
  }

  start(): void {
    this.on = true;
  }

  stop(): void {
    this.on = false;
  }

  reset(): void {
    this.lines.clear();
  }

  add(service: string, operation: string, unit: string, amount: number): void {
    if (!this.on || amount === 0) return;
    const key = `${service}\u0000${operation}\u0000${unit}`;
    const line = this.lines.get(key);
    if (line) line.amount += amount;
    else this.lines.set(key, { service, operation, unit, amount });
  }

  /** The counted lines, sorted by service, operation and unit. */
  snapshot(): UsageLine[] {
    return [...this.lines.values()]
      .map((line) => ({ ...line }))
      .sort((a, b) =>
        `${a.service} ${a.operation} ${a.unit}`.localeCompare(`${b.service} ${b.operation} ${b.unit}`),
      );
  }

  /**
   * Counts every request `client` sends while recording, as `service`/command name. Attaching
   * twice is harmless (the middleware goes in once).
   */
  attach<I extends object, O extends object>(client: MeterableClient<I, O>, service: string): void {
    if (this.attached.has(client)) return;
    this.attached.add(client);
    if (service === 'DynamoDB') watchTransactWrites(client, 'motcuaUsageMeterWire');
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.on || isSizeLookup(args.input)) return next(args);
        const operation = String((context as { commandName?: string }).commandName ?? 'unknown').replace(
          /Command$/,
          '',
        );
        this.add(service, operation, 'requests', 1);
        if (service !== 'DynamoDB' || !CAPACITY_OPERATIONS.has(operation)) return next(args);
        // A copy: the caller's command (and its input) may be sent again with the meter off.
        const input = { ReturnConsumedCapacity: 'INDEXES', ...args.input } as I;
        let units: { read: number; write: number } | undefined;
        try {
          const result = await next({ ...args, input });
          const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
          const billed = client.send
            ? await billedWriteCapacity(
                client as unknown as Sender,
                operation,
                context,
                output.ConsumedCapacity,
              )
            : output.ConsumedCapacity;
          units = consumedUnits(operation, billed);
          if (!units) {
            units = documentedMinimumUnits(operation);
            this.add(service, operation, 'estimated (no ConsumedCapacity)', 1);
          }
          return result;
        } catch (error) {
          // A refused condition or a cancelled transaction is still billed; the answer says not how much.
          units = documentedMinimumUnits(operation);
          this.add(service, operation, 'estimated (failed request)', 1);
          throw error;
        } finally {
          if (units) {
            this.add(service, operation, 'RRU', units.read);
            this.add(service, operation, 'WRU', units.write);
          }
        }
      },
      { step: 'initialize', name: 'motcuaUsageMeter', override: true },
    );
  }

  /**
   * An invocation of a function (billed per request and per 1 ms at its memory) and what its
   * trigger implies in AWS: an API Gateway request; for an SQS batch the event source mapping's
   * ReceiveMessage and DeleteMessageBatch; for a stream batch a GetRecords (free to Lambda
   * triggers, counted at $0); for an S3 event the upload's PUT.
   */
  recordInvocation({ functionName, memoryMiB, durationMs, event }: InvocationRecord): void {
    if (!this.on) return;
    const billedMs = Math.max(1, Math.ceil(durationMs));
    this.add('Lambda', functionName, 'invocations', 1);
    this.add('Lambda', functionName, 'GB-s', (billedMs / 1000) * (memoryMiB / 1024));
    if (isApiRequest(event)) {
      this.add('API Gateway', 'REST request', 'requests', 1);
      return;
    }
    const source = firstRecordSource(event);
    if (source === 'aws:sqs') {
      this.add('SQS', 'ReceiveMessage (event source mapping)', 'requests', 1);
      this.add('SQS', 'DeleteMessageBatch (event source mapping)', 'requests', 1);
    } else if (source === 'aws:dynamodb') {
      this.add('DynamoDB Streams', 'GetRecords (Lambda trigger, free)', 'requests', 1);
    } else if (source === 'aws:s3') {
      const records = (event as SqsEvent).Records.length;
      this.add('S3', 'PutObject (presigned POST upload)', 'requests', records);
    }
  }

  recordLogBytes(bytes: number): void {
    this.add('CloudWatch Logs', 'handler log lines', 'bytes', bytes);
  }
}

/** The meter the local runtime reports invocations to; none unless the cost command sets one. */
let active: UsageMeter | undefined;

export function activeUsageMeter(): UsageMeter | undefined {
  return active;
}

export function setActiveUsageMeter(meter: UsageMeter | undefined): void {
  active = meter;
}
