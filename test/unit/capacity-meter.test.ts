/**
 * The write-capacity meter (shared/adapters/capacity-meter.ts) reports what AWS bills, not what
 * DynamoDB Local answers: Local 3.x reports 2 units for a transaction of any number of items
 * under 1 KB on one table and doubles the index writes of a transaction. The answers below are
 * the ones DynamoDB Local gave for these requests (docs/architecture.md, write units per
 * dossier). The client answers from a canned HTTP handler: no network.
 */
import { Readable } from 'node:stream';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { UsageMeter } from '#infra/local/usage-meter.ts';
import {
  billedTransactWriteCapacity,
  type CapacityUse,
  itemSize,
  meterWriteCapacity,
} from '#shared/adapters/capacity-meter.ts';

/** A client whose every request is answered 200 with `answer` (JSON). */
function cannedClient(answer: unknown): DynamoDBClient {
  return new DynamoDBClient({
    region: 'ap-southeast-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([Buffer.from(JSON.stringify(answer))]),
        },
      }),
    },
  });
}

const small = (pk: string) => ({ Put: { TableName: 'stats', Item: { pk: { S: pk } } } });
const kilobytes = (pk: string, kb: number) => ({
  Put: { TableName: 'stats', Item: { pk: { S: pk }, body: { S: 'x'.repeat(kb * 1024 - 10) } } },
});
/** DynamoDB Local's answer for a transaction on `stats`, table `units`, indexes as given. */
const localAnswer = (units: number, indexes?: Record<string, number>) => [
  {
    TableName: 'stats',
    CapacityUnits: units + Object.values(indexes ?? {}).reduce((a, b) => a + b, 0),
    Table: { CapacityUnits: units },
    ...(indexes
      ? {
          GlobalSecondaryIndexes: Object.fromEntries(
            Object.entries(indexes).map(([name, n]) => [name, { CapacityUnits: n }]),
          ),
        }
      : {}),
  },
];
const tableUnits = (billed: ReturnType<typeof billedTransactWriteCapacity>) =>
  billed?.map((c) => c.Table?.WriteCapacityUnits);

describe('what AWS bills a transaction', () => {
  it('is 2 write units per item under 1 KB, where DynamoDB Local reports 2 for any number', () => {
    expect(tableUnits(billedTransactWriteCapacity([small('a')], localAnswer(2)))).toEqual([2]);
    expect(tableUnits(billedTransactWriteCapacity([small('a'), small('b')], localAnswer(2)))).toEqual([4]);
    expect(
      tableUnits(billedTransactWriteCapacity([small('a'), small('b'), small('c')], localAnswer(2))),
    ).toEqual([6]);
  });

  it('is 2 per KB of each item, rounded up per item', () => {
    // Local: 4 for two items of 1.5 KB (AWS: 8), 6 for one of 1.5 KB and a small one (AWS: 6).
    expect(
      tableUnits(billedTransactWriteCapacity([kilobytes('a', 1.5), kilobytes('b', 1.5)], localAnswer(4))),
    ).toEqual([8]);
    expect(
      tableUnits(billedTransactWriteCapacity([kilobytes('a', 1.5), small('b')], localAnswer(6))),
    ).toEqual([6]);
  });

  it('sizes an update by the larger of what it names and the item stored after it', () => {
    const update = {
      Update: {
        TableName: 'stats',
        Key: { pk: { S: 'c' } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    };
    expect(tableUnits(billedTransactWriteCapacity([small('a'), update], localAnswer(2)))).toEqual([4]);
    // The submission record completed with the dossier it filed: 1,032 bytes once stored.
    expect(tableUnits(billedTransactWriteCapacity([update, small('a')], localAnswer(4), [1032]))).toEqual([
      6,
    ]);
    const completion = {
      Update: {
        ...update.Update,
        UpdateExpression: 'SET filed = :filed',
        ExpressionAttributeValues: { ':filed': { S: 'x'.repeat(1500) } },
      },
    };
    expect(tableUnits(billedTransactWriteCapacity([completion, small('a')], localAnswer(4), [600]))).toEqual([
      6,
    ]);
  });

  it('bills index writes as ordinary writes: half what DynamoDB Local reports', () => {
    const billed = billedTransactWriteCapacity([small('a')], localAnswer(2, { byCenter: 2 }));
    expect(billed).toEqual([
      {
        TableName: 'stats',
        CapacityUnits: 3,
        WriteCapacityUnits: 3,
        Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
        GlobalSecondaryIndexes: { byCenter: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
      },
    ]);
  });

  it('sizes items by the documented rules: names, strings in UTF-8, numbers, maps and lists', () => {
    expect(itemSize({ pk: { S: 'ab' } })).toBe(4);
    expect(itemSize({ ten: { S: 'Hồ' } })).toBe(3 + 4);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemSize({ m: { M: { a: { BOOL: true } } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ l: { L: [{ NULL: true }, { S: 'x' }] } })).toBe(1 + 3 + 2 + 2);
  });
});

describe('the meters', () => {
  // Every request gets this answer: the transaction its capacity, the meter's read-back of the
  // counters item a stored item of 1.1 KB (2 units, 4 in a transaction).
  const answer = { ConsumedCapacity: localAnswer(2), Item: { pk: { S: 'x'.repeat(1100) } } };
  const transaction = new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: 'stats', Item: { pk: 'CONTRIBUTION#1', counts: { received: 1 } } } },
      {
        Update: {
          TableName: 'stats',
          Key: { pk: 'COUNTERS#x' },
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ],
  });

  it('the write-units meter reports a document client transaction as AWS bills it', async () => {
    const documents = DynamoDBDocumentClient.from(cannedClient(answer));
    const uses: CapacityUse[] = [];
    const stop = meterWriteCapacity(documents, (use) => uses.push(use));
    await documents.send(transaction);
    stop();
    expect(uses).toEqual([{ operation: 'TransactWriteItems', table: 'stats', units: 6 }]);
  });

  it('leaves a single write as DynamoDB reported it', async () => {
    const client = cannedClient({ ConsumedCapacity: { TableName: 'stats', CapacityUnits: 1 } });
    const uses: CapacityUse[] = [];
    meterWriteCapacity(client, (use) => uses.push(use));
    await client.send(new PutItemCommand({ TableName: 'stats', Item: { pk: { S: 'a' } } }));
    expect(uses).toEqual([{ operation: 'PutItem', table: 'stats', units: 1 }]);
  });

  it('the cost meter counts the same write units', async () => {
    const client = cannedClient(answer);
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    meter.start();
    await DynamoDBDocumentClient.from(client).send(transaction);
    // Its own read-back is no request of the service.
    expect(meter.snapshot()).toEqual([
      { service: 'DynamoDB', operation: 'TransactWriteItems', unit: 'requests', amount: 1 },
      { service: 'DynamoDB', operation: 'TransactWriteItems', unit: 'WRU', amount: 6 },
    ]);
  });
});
