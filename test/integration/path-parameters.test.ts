/**
 * Path parameters and citizen text against DynamoDB Local, through the handler modules Lambda
 * runs: what cannot be a key never reaches the table (a 3000-character hash key is a store error),
 * and text that is not well-formed is refused before anything is stored.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierKey } from '#shared/adapters/dossier-item.ts';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { submission } from '../fixtures/catalog.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const { resources } = useEmulators();
const clients = emulatorClients();
let submit: ApiHandler;
let act: ApiHandler;
let read: ApiHandler;
let putCalendar: ApiHandler;

beforeAll(async () => {
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as ApiHandler;
  act = (await import('#functions/api/act-on-dossier.ts')).handler as unknown as ApiHandler;
  read = (await import('#functions/api/get-dossier.ts')).handler as unknown as ApiHandler;
  putCalendar = (await import('#functions/api/put-calendar.ts')).handler as unknown as ApiHandler;
});
afterAll(() => clients.destroy());

const CENTER = 'local-center-hong-gai';
const TOO_LONG = 'x'.repeat(3000);
let keys = 0;
const marker = () => `path-parameters-${process.pid}-${Date.now()}-${++keys}`;

const readAs = (clientId: string, dossierCode: string) =>
  read(
    apiEvent({ path: `/v1/dossiers/${dossierCode}`, pathParameters: { dossierCode }, clientId }),
    lambdaContext('motcua-get-dossier'),
  );
const actAs = (clientId: string, dossierCode: string, body: unknown) =>
  act(actionEvent(clientId, dossierCode, body), lambdaContext('motcua-act-on-dossier'));
const submitEvent = (body: string) =>
  apiEvent({
    method: 'POST',
    path: '/v1/dossiers',
    clientId: CENTER,
    headers: { 'Idempotency-Key': `it-${marker()}` },
    body,
  });
const submitRaw = (event: APIGatewayProxyEvent) => submit(event, lambdaContext('motcua-submit-dossier'));

/** The dossiers whose summary holds `text` (a scan: test-only, on the emulator). */
async function storedWithSummary(text: string): Promise<number> {
  const { Items } = await clients.documents.send(
    new ScanCommand({
      TableName: resources.tables.dossiers.name,
      FilterExpression: 'contains(summary, :text)',
      ExpressionAttributeValues: { ':text': text },
    }),
  );
  return Items?.length ?? 0;
}

describe('a dossier code of 3000 characters', () => {
  it('answers 404 to GET, as a problem naming dossierCode', async () => {
    const result = await readAs(CENTER, TOO_LONG);
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(jsonOf(result).errors).toEqual([expect.objectContaining({ path: 'dossierCode' })]);
  });

  it('answers 404 to an action, not a 500 from the store', async () => {
    const result = await actAs(CENTER, TOO_LONG, { action: 'WITHDRAW' });
    expect(result.statusCode).toBe(404);
    expect(jsonOf(result).type).toBe('urn:motcua:problem:not-found');
  });
});

describe('text of a submission', () => {
  const body = (summary: string, fullName = 'Nguyễn Văn An') => {
    const valid = submission();
    return { ...valid, summary, applicant: { ...valid.applicant, fullName } };
  };

  it('stores a name typed with combining marks in NFC', async () => {
    const summary = marker();
    const created = await submitRaw(submitEvent(JSON.stringify(body(summary, 'Nguye\u0302\u0303n Văn An'))));
    expect(created.statusCode).toBe(201);
    const code = String(jsonOf(created).dossierCode);
    const { Item } = await clients.documents.send(
      new GetCommand({ TableName: resources.tables.dossiers.name, Key: dossierKey(code) }),
    );
    expect(Item?.applicant).toMatchObject({ fullName: 'Nguyễn Văn An' });
    expect(jsonOf(await readAs(CENTER, code)).applicant).toMatchObject({ fullName: 'Nguyễn Văn An' });
  });

  it('answers 400 "not valid UTF-8" to invalid bytes in applicant.fullName, and stores nothing', async () => {
    const summary = marker();
    const [before, after] = JSON.stringify(body(summary, '@@')).split('@@');
    const bytes = Buffer.concat([
      Buffer.from(`${before}Nguy`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`n${after}`),
    ]);
    const event = { ...submitEvent(''), body: bytes.toString('base64'), isBase64Encoded: true };
    const result = await submitRaw(event);
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).detail).toMatch(/not valid UTF-8/);
    expect(await storedWithSummary(summary)).toBe(0);
  });

  it('answers 400 naming applicant.fullName to a lone surrogate, and stores nothing', async () => {
    const summary = marker();
    const result = await submitRaw(submitEvent(JSON.stringify(body(summary, 'Nguyễn \ud800'))));
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).errors).toEqual([expect.objectContaining({ path: 'applicant.fullName' })]);
    expect(await storedWithSummary(summary)).toBe(0);
  });

  it('answers 400 naming summary to a NUL, and stores nothing', async () => {
    const summary = marker();
    const result = await submitRaw(submitEvent(JSON.stringify(body(`${summary}\u0000`))));
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).errors).toEqual([expect.objectContaining({ path: 'summary' })]);
    expect(await storedWithSummary(summary)).toBe(0);
  });
});

describe('a calendar year that only converts to a number', () => {
  it("answers 400 naming year to '0x834', and stores no year 2100", async () => {
    const result = await putCalendar(
      apiEvent({
        method: 'PUT',
        path: '/v1/calendar/0x834',
        pathParameters: { year: '0x834' },
        clientId: 'local-admin',
        body: { daysOff: ['2100-01-01'] },
      }),
      lambdaContext('motcua-put-calendar'),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).errors).toEqual([expect.objectContaining({ path: 'year' })]);
    const { Item } = await clients.documents.send(
      new GetCommand({ TableName: resources.tables.catalog.name, Key: { pk: 'CALENDAR', sk: '2100' } }),
    );
    expect(Item).toBeUndefined();
  });
});
