/**
 * The usage meter of `npm run cost`: counts what the local runtime would be billed for in AWS,
 * by service, operation and unit. Opt-in: nothing is attached or recorded until the cost command
 * builds a meter, attaches it to the handlers' SDK clients and starts it (`npm start` and the
 * tests never do, so they pay nothing for it).
 *
 * - AWS SDK requests: a middleware on each client (`attach`) counts every request by client and
 *   command; on DynamoDB it asks for `ReturnConsumedCapacity: 'INDEXES'` and sums the answers'
 *   `ConsumedCapacity` as read or write request units (on-demand billing). Where an answer has
 *   none (a failed conditional write), the units are computed by DynamoDB's documented rules.
 *   A transaction is billed as AWS bills it, 2 WRU per KB (rounded up) of each item
 *   (`transactionWriteUnits`): DynamoDB Local reports one item's units per table, however many
 *   items the transaction writes there.
 * - Lambda invocations and their duration per function (`recordInvocation`, from the one hook in
 *   lambda.ts), with the function's memory, and what each trigger implies (API requests at the
 *   gateway, the event source mapping's SQS requests, free stream reads, the S3 upload).
 * - Log bytes written by handlers (`recordLogBytes`).
 */
import type { MiddlewareStack } from '@smithy/types';

/** One counted line: a unit of a service's operation (`DynamoDB`, `PutItem`, `WRU`). */
export type UsageLine = { service: string; operation: string; unit: string; amount: number };

/** What the meter needs of an SDK v3 client: its middleware stack. */
export type MeterableClient<I extends object, O extends object> = { middlewareStack: MiddlewareStack<I, O> };

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

type Capacity = {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
};

/** A DynamoDB attribute value as the wire carries it (`{ "S": "..." }`, `{ "M": { ... } }`). */
type AttributeValue = Record<string, unknown>;
type Attributes = Record<string, AttributeValue>;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number's significant digits: sign, exponent, point and leading and trailing zeros dropped. */
const significantDigits = (n: string): string =>
  n.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');

/** Bytes of one value by DynamoDB's item size rules (numbers: 1 byte per 2 significant digits, plus 1). */
export function attributeValueBytes(value: AttributeValue): number {
  const [type, content] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return Math.ceil(Math.max(1, significantDigits(String(content)).length) / 2) + 1;
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (content as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (content as string[]).reduce((sum, n) => sum + attributeValueBytes({ N: n }), 0);
    case 'BS':
      return (content as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L':
      return 3 + (content as AttributeValue[]).reduce((sum, v) => sum + 1 + attributeValueBytes(v), 0);
    case 'M':
      return (
        3 +
        Object.entries(content as Attributes).reduce(
          (sum, [k, v]) => sum + 1 + utf8(k) + attributeValueBytes(v),
          0,
        )
      );
    default:
      return 0;
  }
}

/** Bytes of an item: its attribute names and values. */
export const itemBytes = (attributes: Attributes): number =>
  Object.entries(attributes).reduce((sum, [name, value]) => sum + utf8(name) + attributeValueBytes(value), 0);

type TransactWriteItem = {
  Put?: { TableName?: string; Item?: Attributes };
  Update?: { TableName?: string; Key?: Attributes; ExpressionAttributeValues?: Attributes };
  Delete?: { TableName?: string; Key?: Attributes };
  ConditionCheck?: { TableName?: string; Key?: Attributes };
};

/**
 * Write units AWS bills a TransactWriteItems for, per table: 2 per KB of each item, rounded up
 * per item. The size is what the request says: a Put's item; for an Update its key and the values
 * it writes, for a Delete or a ConditionCheck its key (lower bounds of the item, so at least 2).
 */
export function transactionWriteUnits(items: readonly TransactWriteItem[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const item of items) {
    const action = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (!action) continue;
    const bytes = item.Put
      ? itemBytes(item.Put.Item ?? {})
      : itemBytes(item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? {}) +
        Object.values(item.Update?.ExpressionAttributeValues ?? {}).reduce(
          (sum, value) => sum + attributeValueBytes(value),
          0,
        );
    const table = action.TableName ?? '?';
    units.set(table, (units.get(table) ?? 0) + 2 * Math.max(1, Math.ceil(bytes / 1024)));
  }
  return units;
}

/**
 * A transaction's write units: per table, what DynamoDB Local reported for the table or what
 * AWS bills for its items (`transactionWriteUnits`), whichever is more; index units as reported.
 */
export function billedTransactionUnits(
  consumed: readonly Capacity[],
  itemUnits: ReadonlyMap<string, number>,
): number {
  let write = 0;
  const seen = new Set<string>();
  for (const c of consumed) {
    const indexes = [
      ...Object.values(c.GlobalSecondaryIndexes ?? {}),
      ...Object.values(c.LocalSecondaryIndexes ?? {}),
    ].reduce((sum, i) => sum + (i.WriteCapacityUnits ?? i.CapacityUnits ?? 0), 0);
    const table =
      c.Table?.WriteCapacityUnits ??
      c.Table?.CapacityUnits ??
      (c.WriteCapacityUnits ?? c.CapacityUnits ?? 0) - indexes;
    const name = c.TableName ?? '?';
    seen.add(name);
    write += Math.max(table, itemUnits.get(name) ?? 0) + indexes;
  }
  for (const [name, units] of itemUnits) if (!seen.has(name)) write += units;
  return write;
}

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

/** Where the build step leaves a transaction's billed units for the initialize step to read. */
const TRANSACTION_UNITS = Symbol('motcua transaction units');
type MeteredContext = { [TRANSACTION_UNITS]?: Map<string, number> };

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
    if (service === 'DynamoDB') {
      // A transaction's items once serialized: attribute values, whichever client built them (the
      // document client marshals its input just before serialization).
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (this.on && context.commandName === 'TransactWriteItemsCommand') {
            const sent = args.input as { TransactItems?: TransactWriteItem[] };
            (context as MeteredContext)[TRANSACTION_UNITS] = transactionWriteUnits(sent.TransactItems ?? []);
          }
          return next(args);
        },
        { step: 'build', name: 'motcuaUsageMeterTransactions', override: true },
      );
    }
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.on) return next(args);
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
          const output = result.output as { ConsumedCapacity?: Capacity | Capacity[] };
          units = consumedUnits(operation, output.ConsumedCapacity);
          const itemUnits = (context as MeteredContext)[TRANSACTION_UNITS];
          if (units && itemUnits) {
            const consumed = [output.ConsumedCapacity ?? []].flat();
            units = { read: units.read, write: billedTransactionUnits(consumed, itemUnits) };
          }
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
