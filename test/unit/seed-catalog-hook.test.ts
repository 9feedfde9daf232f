/**
 * The deploy hook that seeds the catalog answers CloudFormation through the event's pre-signed
 * URL: SUCCESS once the seed is loaded, FAILED (with the reason) when it could not be. The
 * DynamoDB client is mocked only to reach these answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../fixtures/api-event.ts';

const documents = mockClient(DynamoDBDocumentClient);
let handler: (event: CloudFormationCustomResourceEvent, context: Context) => Promise<void>;
let server: Server;
let answers: Record<string, unknown>[] = [];
let url = '';

beforeAll(async () => {
  vi.stubEnv('CATALOG_TABLE_NAME', 'catalog');
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  handler = (await import('#functions/deploy/seed-catalog.ts')).handler as unknown as typeof handler;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      answers.push({ method: request.method, ...JSON.parse(body) });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response`;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  documents.reset();
  answers = [];
});

const event = (RequestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent =>
  ({
    RequestType,
    ServiceToken: 'arn',
    ResponseURL: url,
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'CatalogSeed',
    ResourceType: 'Custom::MotcuaCatalogSeed',
    PhysicalResourceId: 'motcua-seed-catalog',
    ResourceProperties: {
      ServiceToken: 'arn',
      clients: [{ clientId: 'abc123', profile: 'center', centerId: 'hong-gai' }],
    },
  }) as CloudFormationCustomResourceEvent;

describe('seed-catalog deploy hook', () => {
  // What the seed writes (only missing entries, operators' edits kept, bindings rewritten) is
  // tested on DynamoDB Local: test/integration/catalog.test.ts. Here: the answers to CloudFormation.
  it('answers SUCCESS once the seed is written', async () => {
    documents.on(PutCommand).resolves({});
    await handler(event('Update'), lambdaContext());
    expect(answers).toEqual([
      expect.objectContaining({
        method: 'PUT',
        Status: 'SUCCESS',
        RequestId: 'request',
        StackId: 'stack',
        LogicalResourceId: 'CatalogSeed',
        PhysicalResourceId: 'motcua-seed-catalog',
      }),
    ]);
  });

  it('answers FAILED, writing nothing, when the client bindings it is given are malformed', async () => {
    documents.on(PutCommand).resolves({});
    const malformed = event('Create');
    malformed.ResourceProperties = {
      ServiceToken: 'arn',
      clients: [{ clientId: 'abc123', profile: 'root' }],
    };
    await handler(malformed, lambdaContext());
    expect(answers).toEqual([
      expect.objectContaining({ Status: 'FAILED', Reason: expect.stringMatching(/profile/) }),
    ]);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers FAILED with the reason when the table cannot be written', async () => {
    documents.on(PutCommand).rejects(new Error('AccessDeniedException: not authorized'));
    await handler(event('Create'), lambdaContext());
    expect(answers).toEqual([
      expect.objectContaining({ Status: 'FAILED', Reason: expect.stringMatching(/not authorized/) }),
    ]);
  });

  it('answers FAILED before the function would time out, naming the log group, when the seed hangs', async () => {
    const { ANSWER_MARGIN_MS } = await import('#functions/deploy/seed-catalog.ts');
    documents.on(PutCommand).callsFake(() => new Promise(() => undefined));
    const context = {
      ...lambdaContext('motcua-seed'),
      getRemainingTimeInMillis: () => ANSWER_MARGIN_MS + 100,
    };
    await handler(event('Update'), context);
    expect(answers).toEqual([
      expect.objectContaining({
        Status: 'FAILED',
        Reason: expect.stringMatching(
          /^The catalog seed failed: did not finish.*log group \/aws\/lambda\/motcua-seed/,
        ),
      }),
    ]);
  });

  it('leaves the retained catalog alone on delete', async () => {
    await handler(event('Delete'), lambdaContext());
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
    expect(answers).toEqual([expect.objectContaining({ Status: 'SUCCESS' })]);
  });
});
