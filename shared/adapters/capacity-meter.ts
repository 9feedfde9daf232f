/**
 * Write capacity, as DynamoDB itself reports it: an SDK middleware that asks every write
 * (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) for its consumed
 * capacity per table and index (`ReturnConsumedCapacity: INDEXES`) and hands each figure to a
 * sink. The request is otherwise untouched: an operation that already asks keeps its setting.
 *
 *   const stop = meterWriteCapacity(dynamoDb, (use) => uses.push(use));
 *
 * Works on a DynamoDBClient and on a DynamoDBDocumentClient built from it (they share the
 * middleware stack). Used by the write-units test (test/integration/write-units.test.ts).
 */
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
          (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
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
