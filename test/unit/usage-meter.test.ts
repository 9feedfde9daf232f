/**
 * The usage meter of `npm run cost` (infra/local/usage-meter.ts): its SDK middleware counts a
 * request made through a client it is attached to, with DynamoDB's consumed capacity, and counts
 * nothing while off. The clients answer from a canned HTTP handler: no network.
 */
import { Readable } from 'node:stream';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { consumedUnits, UsageMeter } from '#infra/local/usage-meter.ts';

type SentRequest = { headers: Record<string, string>; body: string };

/** A client config whose every request is answered 200 with `answer` (JSON), recording what was sent. */
function canned(answer: unknown, sent: SentRequest[]) {
  return {
    region: 'ap-southeast-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
        const body =
          request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
        sent.push({ headers: request.headers, body: typeof body === 'string' ? body : '' });
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(answer))]),
          },
        };
      },
    },
  };
}

const put = new PutItemCommand({ TableName: 'dossiers', Item: { pk: { S: 'D#1' } } });

describe('the usage meter', () => {
  it('counts a DynamoDB request and its consumed write units, asking for them', async () => {
    const sent: SentRequest[] = [];
    const client = new DynamoDBClient(
      canned({ ConsumedCapacity: { TableName: 'dossiers', CapacityUnits: 3, WriteCapacityUnits: 3 } }, sent),
    );
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    meter.start();
    await client.send(put);
    await client.send(put);

    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({ ReturnConsumedCapacity: 'INDEXES' });
    expect(meter.snapshot()).toEqual([
      { service: 'DynamoDB', operation: 'PutItem', unit: 'requests', amount: 2 },
      { service: 'DynamoDB', operation: 'PutItem', unit: 'WRU', amount: 6 },
    ]);
  });

  it('counts requests of other services by operation', async () => {
    const client = new SQSClient(canned({ MessageId: 'm-1', MD5OfMessageBody: 'x' }, []));
    const meter = new UsageMeter();
    meter.attach(client, 'SQS');
    meter.start();
    await client.send(new SendMessageCommand({ QueueUrl: 'http://127.0.0.1:1/q', MessageBody: 'x' })).catch(
      () => undefined, // the canned digest does not match: the request was still sent and counted
    );
    expect(meter.snapshot()).toEqual([
      { service: 'SQS', operation: 'SendMessage', unit: 'requests', amount: 1 },
    ]);
  });

  it('counts nothing and changes no request while off', async () => {
    const sent: SentRequest[] = [];
    const client = new DynamoDBClient(canned({}, sent));
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    await client.send(put);
    expect(meter.snapshot()).toEqual([]);
    expect(JSON.parse(sent[0]?.body ?? '{}')).not.toHaveProperty('ReturnConsumedCapacity');

    meter.start();
    meter.stop();
    await client.send(put);
    expect(meter.snapshot()).toEqual([]);
  });

  it('estimates a write whose answer reports no capacity by the documented minimum', async () => {
    const client = new DynamoDBClient(canned({}, []));
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    meter.start();
    await client.send(put);
    expect(meter.snapshot()).toContainEqual({
      service: 'DynamoDB',
      operation: 'PutItem',
      unit: 'WRU',
      amount: 1,
    });
    expect(meter.snapshot()).toContainEqual({
      service: 'DynamoDB',
      operation: 'PutItem',
      unit: 'estimated (no ConsumedCapacity)',
      amount: 1,
    });
  });

  it('bills a transaction as AWS does, 2 WRU per KB of each item, where DynamoDB Local reports one item', async () => {
    // What DynamoDB Local answers for three small puts on one table (measured: one item's 2 units).
    const client = new DynamoDBClient(
      canned(
        {
          ConsumedCapacity: [
            {
              TableName: 'dossiers',
              CapacityUnits: 4,
              Table: { CapacityUnits: 2 },
              GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 2 } },
            },
          ],
        },
        [],
      ),
    );
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    meter.start();
    const small = (pk: string) => ({ Put: { TableName: 'dossiers', Item: { pk: { S: pk } } } });
    const large = {
      Put: { TableName: 'dossiers', Item: { pk: { S: 'D#4' }, body: { S: 'x'.repeat(1500) } } },
    };
    await client.send(
      new TransactWriteItemsCommand({ TransactItems: [small('D#1'), small('D#2'), small('D#3')] }),
    );
    expect(meter.snapshot()).toContainEqual({
      service: 'DynamoDB',
      operation: 'TransactWriteItems',
      unit: 'WRU',
      amount: 3 * 2 + 1, // three items at 2; the index entry an ordinary write (Local reports it at 2)
    });
    meter.reset();
    await client.send(new TransactWriteItemsCommand({ TransactItems: [small('D#1'), large] }));
    expect(meter.snapshot()).toContainEqual({
      service: 'DynamoDB',
      operation: 'TransactWriteItems',
      unit: 'WRU',
      amount: 2 + 4 + 1, // 1.5 KB is 2 KB: 4 units
    });
  });

  it('sizes a document client’s transaction by its items as sent (marshalled)', async () => {
    const client = new DynamoDBClient(
      canned(
        { ConsumedCapacity: [{ TableName: 'stats', CapacityUnits: 2, Table: { CapacityUnits: 2 } }] },
        [],
      ),
    );
    const documents = DynamoDBDocumentClient.from(client);
    const meter = new UsageMeter();
    meter.attach(client, 'DynamoDB');
    meter.start();
    // The claim of a submission: a small key, the filed dossier (≈ 1.5 KB) written into it.
    const claim = (n: number) => ({
      Update: {
        TableName: 'stats',
        Key: { pk: `SUBMISSION#${n}`, sk: 'CLAIM' },
        UpdateExpression: 'SET filed = :filed',
        ExpressionAttributeValues: { ':filed': { summary: 'x'.repeat(1500) } },
      },
    });
    await documents.send(new TransactWriteCommand({ TransactItems: [claim(1), claim(2), claim(3)] }));
    expect(meter.snapshot()).toContainEqual({
      service: 'DynamoDB',
      operation: 'TransactWriteItems',
      unit: 'WRU',
      amount: 3 * 4,
    });
  });

  it('splits consumed capacity into read and write units', () => {
    expect(consumedUnits('Query', { CapacityUnits: 1.5 })).toEqual({ read: 1.5, write: 0 });
    expect(
      consumedUnits('TransactWriteItems', [
        { CapacityUnits: 4, WriteCapacityUnits: 4 },
        { CapacityUnits: 2, ReadCapacityUnits: 2 },
      ]),
    ).toEqual({ read: 2, write: 4 });
    expect(consumedUnits('PutItem', undefined)).toBeUndefined();
  });

  it('records an invocation with its billed duration and what its trigger implies', () => {
    const meter = new UsageMeter();
    meter.recordInvocation({ functionName: 'f', memoryMiB: 1024, durationMs: 10, event: {} });
    expect(meter.snapshot()).toEqual([]);
    meter.start();
    meter.recordInvocation({
      functionName: 'motcua-getDossier',
      memoryMiB: 512,
      durationMs: 99.2,
      event: { httpMethod: 'GET', requestContext: {} },
    });
    meter.recordInvocation({
      functionName: 'motcua-deliver',
      memoryMiB: 1024,
      durationMs: 0.3,
      event: { Records: [{ eventSource: 'aws:sqs' }, { eventSource: 'aws:sqs' }] },
    });
    expect(meter.snapshot()).toEqual([
      { service: 'API Gateway', operation: 'REST request', unit: 'requests', amount: 1 },
      { service: 'Lambda', operation: 'motcua-deliver', unit: 'GB-s', amount: 0.001 },
      { service: 'Lambda', operation: 'motcua-deliver', unit: 'invocations', amount: 1 },
      { service: 'Lambda', operation: 'motcua-getDossier', unit: 'GB-s', amount: 0.05 },
      { service: 'Lambda', operation: 'motcua-getDossier', unit: 'invocations', amount: 1 },
      { service: 'SQS', operation: 'DeleteMessageBatch (event source mapping)', unit: 'requests', amount: 1 },
      { service: 'SQS', operation: 'ReceiveMessage (event source mapping)', unit: 'requests', amount: 1 },
    ]);
  });
});
