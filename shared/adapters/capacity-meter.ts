/**
 * Write capacity as AWS bills it: an SDK middleware that asks every write (PutItem, UpdateItem,
 * DeleteItem, BatchWriteItem, TransactWriteItems) for its consumed capacity per table and index
 * (`ReturnConsumedCapacity: INDEXES`) and hands each figure to a sink. The request is otherwise
 * untouched: an operation that already asks keeps its setting.
 *
 * DynamoDB's answer is taken as it is, except for TransactWriteItems, where DynamoDB Local
 * (3.x) reports neither what AWS documents nor what it bills (`billedTransactWriteCapacity`):
 * AWS performs two writes of every item of a transaction (prepare and commit), 2 write units per
 * KB of each item, while Local reports 2 per table whatever the number of small items, and
 * doubles the index writes, which AWS makes after the transaction as ordinary writes. The meter
 * reads back (consistently, unmetered) the items of a transaction's updates to size them.
 *
 *   const stop = meterWriteCapacity(dynamoDb, (use) => uses.push(use));
 *
 * Works on a DynamoDBClient and on a DynamoDBDocumentClient built from it (they share the
 * middleware stack). Used by the write-units test (test/integration/write-units.test.ts).
 */
import {
  type AttributeValue,
  type ConsumedCapacity,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type WriteOperation =
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems';

/** Write units one request consumed on one table or one of its global secondary indexes. */
export type CapacityUse = {
  operation: WriteOperation;
  table: string;
  /** The index's name; absent for the table's own units. */
  index?: string;
  units: number;
};

const WRITES: Record<string, WriteOperation> = {
  PutItemCommand: 'PutItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteItemCommand: 'DeleteItem',
  BatchWriteItemCommand: 'BatchWriteItem',
  TransactWriteItemsCommand: 'TransactWriteItems',
  // lib-dynamodb's names, in case a stack resolves with the document command's name.
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactWriteCommand: 'TransactWriteItems',
};

const NAME = 'motcuaWriteCapacityMeter';
const WIRE_NAME = 'motcuaWriteCapacityMeterWire';

// ---- what AWS bills a transaction ---------------------------------------------------------------

/** One write unit per KB (rounded up, at least one) of an item written. */
const KB = 1024;
export const writeUnitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / KB));

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number's stored size: about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.ceil(digits.replace(/0+$/, '').length / 2) + 1;
}

/** An attribute value's size by DynamoDB's documented rules (item sizes and formats). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return wireBytes(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + wireBytes(b), 0);
  // A list or a map: 3 bytes, and 1 more per element.
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M)
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueSize(v), 0);
  return 0;
}

/** Binary as the wire carries it (base64 text) or as bytes. */
const wireBytes = (b: Uint8Array | string): number =>
  typeof b === 'string' ? Buffer.from(b, 'base64').length : b.length;

/** An item's size: the UTF-8 length of every attribute name plus its value's size. */
export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);

/**
 * The size of the item an action writes: a Put's item; for any other action, the larger of what
 * the request names (its key, and for an Update every value it sets or compares: the item held
 * the compared ones before, and AWS bills the larger of the two images) and the item as stored
 * after the transaction (`stored`, read back by the meter).
 */
function actionItemSize(action: TransactWriteItem, stored: number | undefined): number {
  if (action.Put?.Item) return itemSize(action.Put.Item);
  const key = action.Update?.Key ?? action.Delete?.Key ?? action.ConditionCheck?.Key ?? {};
  const values = Object.values(action.Update?.ExpressionAttributeValues ?? {});
  return Math.max(itemSize(key) + values.reduce((sum, v) => sum + valueSize(v), 0), stored ?? 0);
}

const lookups = new WeakSet<object>();

/** A meter's own read of an item's size: not a request of the service, never counted. */
export const isSizeLookup = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && lookups.has(input);

export type Sender = { send(command: GetItemCommand): Promise<GetItemCommandOutput> };

/**
 * The stored size of the item of each action of a transaction that did not carry it whole
 * (Update, ConditionCheck): consistent reads after the transaction, marked so that no meter
 * counts them. A Put's entry is undefined (its item is in the request).
 */
export async function storedItemSizes(
  client: Sender,
  transactItems: readonly TransactWriteItem[],
): Promise<(number | undefined)[]> {
  return Promise.all(
    transactItems.map(async (action) => {
      const target = action.Update ?? action.ConditionCheck;
      if (!target?.TableName || !target.Key) return undefined;
      const input = { TableName: target.TableName, Key: target.Key, ConsistentRead: true };
      lookups.add(input);
      const { Item } = await client.send(new GetItemCommand(input));
      return Item ? itemSize(Item) : undefined;
    }),
  );
}

/**
 * What AWS bills a TransactWriteItems, per table (AWS documentation, "Capacity management for
 * transactions" and the GSI throughput considerations):
 * - the table: two underlying writes of every item, so 2 write units per KB of each item,
 *   rounded up per item (`actionItemSize`; `stored`: the sizes storedItemSizes read back);
 * - each index: the index entries are written after the transaction completes, as ordinary
 *   writes, so DynamoDB Local's index figure, which it doubles, is halved.
 * `reported` is DynamoDB's answer; without it (nothing reported) there is nothing to correct.
 */
export function billedTransactWriteCapacity(
  transactItems: readonly TransactWriteItem[],
  reported: readonly ConsumedCapacity[] | undefined,
  stored: readonly (number | undefined)[] = [],
): ConsumedCapacity[] | undefined {
  if (!reported) return undefined;
  const tableUnits = new Map<string, number>();
  for (const [i, action] of transactItems.entries()) {
    const table =
      action.Put?.TableName ??
      action.Update?.TableName ??
      action.Delete?.TableName ??
      action.ConditionCheck?.TableName;
    if (!table) continue;
    const units = 2 * writeUnitsOf(actionItemSize(action, stored[i]));
    tableUnits.set(table, (tableUnits.get(table) ?? 0) + units);
  }
  return reported.map((consumed) => {
    const name = consumed.TableName ?? '?';
    const table = tableUnits.get(name) ?? 0;
    const indexes = Object.fromEntries(
      Object.entries(consumed.GlobalSecondaryIndexes ?? {}).map(([index, c]) => {
        const units = (c.WriteCapacityUnits ?? c.CapacityUnits ?? 0) / 2;
        return [index, { CapacityUnits: units, WriteCapacityUnits: units }];
      }),
    );
    const total = table + Object.values(indexes).reduce((sum, c) => sum + c.WriteCapacityUnits, 0);
    return {
      TableName: name,
      CapacityUnits: total,
      WriteCapacityUnits: total,
      Table: { CapacityUnits: table, WriteCapacityUnits: table },
      ...(Object.keys(indexes).length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
    };
  });
}

/** A client's middleware stack, loosely typed: both meters add to any SDK v3 client's. */
type Stack = {
  add(middleware: unknown, options: { step: string; name: string; override?: boolean }): void;
  remove(name: string): boolean;
};

/**
 * Reads each TransactWriteItems request as it goes on the wire (build step: after the document
 * client's marshalling, so items are in AttributeValue form whichever client sent them) for
 * `transactItemsSent`. Returns the middleware's name.
 */
export function watchTransactWrites(client: { middlewareStack: unknown }, name = WIRE_NAME): string {
  (client.middlewareStack as Stack).add(
    (next: (args: unknown) => Promise<unknown>, context: object) => async (args: { request?: unknown }) => {
      const raw = (args.request as { body?: unknown } | undefined)?.body;
      const body = raw instanceof Uint8Array ? new TextDecoder().decode(raw) : raw;
      if (typeof body === 'string' && body.includes('"TransactItems"')) {
        const items = (JSON.parse(body) as { TransactItems?: TransactWriteItem[] }).TransactItems;
        if (items) sentTransactItems.set(context, items);
      }
      return next(args);
    },
    { step: 'build', name, override: true },
  );
  return name;
}

const sentTransactItems = new WeakMap<object, TransactWriteItem[]>();

/** The TransactItems a request of this handler context sent (see watchTransactWrites). */
export const transactItemsSent = (context: object): TransactWriteItem[] | undefined =>
  sentTransactItems.get(context);

/**
 * A write's consumed capacity as AWS bills it: DynamoDB's answer, a transaction's recomputed
 * (reading back through `client` the items the request does not carry whole).
 */
export async function billedWriteCapacity(
  client: Sender,
  operation: string,
  context: object,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
): Promise<ConsumedCapacity | ConsumedCapacity[] | undefined> {
  if (operation !== 'TransactWriteItems' || consumed === undefined) return consumed;
  const items = transactItemsSent(context);
  if (!items) return consumed;
  const stored = await storedItemSizes(client, items);
  return billedTransactWriteCapacity(items, Array.isArray(consumed) ? consumed : [consumed], stored);
}

/** The units of one ConsumedCapacity: the table's, then each index's. */
export function capacityUses(operation: WriteOperation, consumed: ConsumedCapacity): CapacityUse[] {
  const table = consumed.TableName ?? '?';
  const indexes = Object.entries(consumed.GlobalSecondaryIndexes ?? {}).map(([index, c]) => ({
    operation,
    table,
    index,
    units: c.WriteCapacityUnits ?? c.CapacityUnits ?? 0,
  }));
  const indexUnits = indexes.reduce((sum, i) => sum + i.units, 0);
  // Without a per-table figure, the table's share is the total less its indexes'.
  const tableUnits =
    consumed.Table?.WriteCapacityUnits ??
    consumed.Table?.CapacityUnits ??
    (consumed.WriteCapacityUnits ?? consumed.CapacityUnits ?? 0) - indexUnits;
  return [{ operation, table, units: tableUnits }, ...indexes];
}

/** Meters every write `client` sends until the returned function is called. */
export function meterWriteCapacity(
  client: DynamoDBClient | DynamoDBDocumentClient,
  sink: (use: CapacityUse) => void,
): () => void {
  watchTransactWrites(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = WRITES[context.commandName ?? ''];
      if (!operation) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'INDEXES';
      try {
        const result = await next(args);
        report(
          operation,
          await billedWriteCapacity(
            client as Sender,
            operation,
            context,
            (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
          ),
          sink,
        );
        return result;
      } catch (error) {
        // A cancelled transaction or failed condition still consumed write units, but DynamoDB
        // reports them only on success: count them as what they are, unreported.
        sink({ operation, table: '(failed write: not reported)', units: 0 });
        throw error;
      }
    },
    { step: 'initialize', name: NAME, override: true },
  );
  return () => {
    client.middlewareStack.remove(NAME);
    client.middlewareStack.remove(WIRE_NAME);
  };
}

function report(
  operation: WriteOperation,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
  sink: (use: CapacityUse) => void,
): void {
  if (!consumed) {
    sink({ operation, table: '(not reported)', units: 0 });
    return;
  }
  for (const one of Array.isArray(consumed) ? consumed : [consumed]) {
    for (const use of capacityUses(operation, one)) sink(use);
  }
}
