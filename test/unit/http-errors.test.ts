/**
 * Error paths of the API handlers, with the AWS SDK mocked: bad input gets a problem+json 4xx
 * naming the field and writes nothing; a storage failure is a 500 that reveals nothing.
 */
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { submission } from '../fixtures/catalog.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const documents = mockClient(DynamoDBDocumentClient);
let submit: Handler;
let getDossier: Handler;

beforeAll(async () => {
  vi.stubEnv('CATALOG_TABLE_NAME', 'catalog');
  vi.stubEnv('DOSSIERS_TABLE_NAME', 'dossiers');
  vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'idempotency');
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as Handler;
  getDossier = (await import('#functions/api/get-dossier.ts')).handler as unknown as Handler;
});
afterAll(() => vi.unstubAllEnvs());

beforeEach(() => {
  documents.reset();
  // The caller's binding: a center client.
  documents.on(GetCommand, { Key: { pk: 'CLIENT', sk: 'local-center-hong-gai' } }).resolves({
    Item: {
      pk: 'CLIENT',
      sk: 'local-center-hong-gai',
      clientId: 'local-center-hong-gai',
      profile: 'center',
      centerId: 'hong-gai',
    },
  });
});

const submitEvent = (overrides: { body?: unknown; headers?: Record<string, string> } = {}) =>
  apiEvent({
    method: 'POST',
    path: '/v1/dossiers',
    clientId: 'local-center-hong-gai',
    scope: 'motcua/dossiers.submit',
    headers: { 'Idempotency-Key': 'key-00000001', ...overrides.headers },
    body: 'body' in overrides ? overrides.body : submission(),
  });

const writes = () =>
  documents.commandCalls(TransactWriteCommand).length + documents.commandCalls(UpdateCommand).length;

describe('POST /v1/dossiers with bad input', () => {
  it('answers 415 to a body that is not JSON, and writes nothing', async () => {
    const result = await submit(submitEvent({ headers: { 'Content-Type': 'text/plain' } }), lambdaContext());
    expect(result.statusCode).toBe(415);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(writes()).toBe(0);
  });

  it('answers 400 to malformed JSON', async () => {
    const result = await submit(submitEvent({ body: '{"procedureCode": ' }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).detail).toMatch(/not valid JSON/);
    expect(writes()).toBe(0);
  });

  it('answers 400 naming applicant.idNumber when a CCCD has 11 digits', async () => {
    const body = submission();
    body.applicant.idNumber = '02219000012';
    const result = await submit(submitEvent({ body }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).errors).toEqual([expect.objectContaining({ path: 'applicant.idNumber' })]);
    expect(writes()).toBe(0);
  });

  it('answers 400 to an unknown field, naming it', async () => {
    const result = await submit(
      submitEvent({ body: { ...submission(), priority: 'HIGH' } }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(400);
    expect(JSON.stringify(jsonOf(result).errors)).toContain('priority');
  });

  it('answers 400 without an Idempotency-Key, and to a malformed one', async () => {
    const missing = submitEvent();
    delete missing.headers['Idempotency-Key'];
    expect((await submit(missing, lambdaContext())).statusCode).toBe(400);
    const malformed = await submit(submitEvent({ headers: { 'Idempotency-Key': 'short' } }), lambdaContext());
    expect(malformed.statusCode).toBe(400);
    expect(jsonOf(malformed).errors).toEqual([{ path: 'Idempotency-Key', message: 'malformed' }]);
    expect(writes()).toBe(0);
  });

  it('answers 401 when the event carries no client', async () => {
    const event = submitEvent();
    event.requestContext.authorizer = null;
    expect((await submit(event, lambdaContext())).statusCode).toBe(401);
  });

  it('answers 403 to a client with no profile', async () => {
    documents.on(GetCommand, { Key: { pk: 'CLIENT', sk: 'stranger' } }).resolves({});
    const event = apiEvent({
      method: 'POST',
      path: '/v1/dossiers',
      clientId: 'stranger',
      body: submission(),
    });
    expect((await submit(event, lambdaContext())).statusCode).toBe(403);
  });
});

describe('GET /v1/dossiers/{dossierCode} when storage fails', () => {
  it('answers 500 problem+json that reveals nothing of the failure', async () => {
    documents.on(QueryCommand).rejects(new Error('connection reset by 10.0.0.7'));
    const event = apiEvent({
      path: '/v1/dossiers/000.21.01.H49-250715-0001',
      pathParameters: { dossierCode: '000.21.01.H49-250715-0001' },
      clientId: 'local-center-hong-gai',
    });
    const result = await getDossier(event, lambdaContext());
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.body).not.toContain('10.0.0.7');
    expect(jsonOf(result)).toMatchObject({ status: 500, type: 'urn:motcua:problem:internal' });
  });
});
