/**
 * Input checks of the API handlers, with the AWS SDK mocked: a path parameter that does not fit
 * its format is answered before anything is read, and bad text in a body is a 400 naming the
 * field that stores nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openApiDocument } from '#shared/contract/openapi.ts';
import type { ClientBinding } from '#shared/domain/access.ts';
import { DOSSIER_CODE_PATTERN } from '#shared/domain/dossier-code.ts';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { BIRTH_REGISTRATION, procedure, submission } from '../fixtures/catalog.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
const handlers: Record<string, Handler> = {};
let maxBodyBytes = 0;

beforeAll(async () => {
  vi.stubEnv('CATALOG_TABLE_NAME', 'catalog');
  vi.stubEnv('DOSSIERS_TABLE_NAME', 'dossiers');
  vi.stubEnv('IDEMPOTENCY_TABLE_NAME', 'idempotency');
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  const modules = {
    'get-dossier': await import('#functions/api/get-dossier.ts'),
    'act-on-dossier': await import('#functions/api/act-on-dossier.ts'),
    'get-procedure': await import('#functions/api/get-procedure.ts'),
    'put-procedure': await import('#functions/api/put-procedure.ts'),
    'put-calendar': await import('#functions/api/put-calendar.ts'),
    'submit-dossier': await import('#functions/api/submit-dossier.ts'),
  };
  // Imported once the environment is stubbed: the Powertools singletons read it when they load.
  maxBodyBytes = (await import('#shared/runtime/http.ts')).MAX_BODY_BYTES;
  for (const [name, module] of Object.entries(modules)) handlers[name] = module.handler as unknown as Handler;
});
afterAll(() => vi.unstubAllEnvs());

const invoke = (name: string, event: APIGatewayProxyEvent) => {
  const handler = handlers[name];
  if (!handler) throw new Error(`no handler ${name}`);
  return handler(event, lambdaContext(`motcua-${name}`));
};

// Each test calls as a client no earlier test used: its profile is not cached yet, so reading it
// would show up as a store call.
const bindings = new Map<string, ClientBinding>();
let clients = 0;
function newClient(profile: 'center' | 'agency' | 'admin'): string {
  const clientId = `test-${profile}-${++clients}`;
  const scope = { center: { centerId: 'hong-gai' }, agency: { agencyId: 'commune' }, admin: {} }[profile];
  bindings.set(clientId, { clientId, profile, ...scope });
  return clientId;
}

beforeEach(() => {
  dynamo.reset();
  documents.reset();
  documents.on(GetCommand).callsFake((input: { Key?: { pk?: string; sk?: string } }) => ({
    Item: input.Key?.pk === 'CLIENT' ? bindings.get(String(input.Key.sk)) : undefined,
  }));
  documents.on(QueryCommand).resolves({ Items: [] });
});

const storeCalls = () => documents.calls().length + dynamo.calls().length;
const writes = () =>
  dynamo.calls().length +
  documents.commandCalls(TransactWriteCommand).length +
  documents.commandCalls(UpdateCommand).length +
  documents.commandCalls(PutCommand).length;

const TOO_LONG = 'x'.repeat(3000);

const expectProblem = (result: APIGatewayProxyResult, status: number) => {
  expect(result.statusCode).toBe(status);
  expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
  return jsonOf(result);
};

describe('a dossier code that cannot exist', () => {
  const readDossier = (dossierCode: string) =>
    invoke(
      'get-dossier',
      apiEvent({
        path: `/v1/dossiers/${dossierCode}`,
        pathParameters: { dossierCode },
        clientId: newClient('center'),
      }),
    );
  const actOn = (dossierCode: string) =>
    invoke('act-on-dossier', actionEvent(newClient('center'), dossierCode, { action: 'WITHDRAW' }));

  it('answers 404 to GET of a 3000-character code, naming dossierCode, without a store call', async () => {
    const problem = expectProblem(await readDossier(TOO_LONG), 404);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'dossierCode' })]);
    expect(String(problem.detail)).not.toContain(TOO_LONG);
    expect(storeCalls()).toBe(0);
  });

  it('answers 404 to an action on a 3000-character code, without a store call', async () => {
    const problem = expectProblem(await actOn(TOO_LONG), 404);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'dossierCode' })]);
    expect(storeCalls()).toBe(0);
  });

  it.each([
    '000.21.01.H49-250715-12',
    '000.21.01.H49_250715-0001',
    '000.21.01.H49-250715-0001 ',
    '000.21.01.H49-2507a5-0001',
    '../000.21.01.H49-250715-0001',
  ])('answers 404 to %j on GET and actions, without a store call', async (code) => {
    expectProblem(await readDossier(code), 404);
    expectProblem(await actOn(code), 404);
    expect(storeCalls()).toBe(0);
  });

  it('answers 404 when the event carries no dossier code at all', async () => {
    const event = apiEvent({ path: '/v1/dossiers/', clientId: newClient('center') });
    expectProblem(await invoke('get-dossier', event), 404);
    expect(storeCalls()).toBe(0);
  });

  it('still looks up a well-formed code that is not stored, and answers 404', async () => {
    expectProblem(await readDossier('000.21.01.H49-250715-0001'), 404);
    expect(documents.commandCalls(QueryCommand).length).toBeGreaterThan(0);
  });
});

describe('a malformed procedure code', () => {
  it('answers GET with 400 naming code, without a store call', async () => {
    const event = apiEvent({
      path: `/v1/procedures/${TOO_LONG}`,
      pathParameters: { code: TOO_LONG },
      clientId: newClient('agency'),
    });
    const problem = expectProblem(await invoke('get-procedure', event), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect(storeCalls()).toBe(0);
  });

  it('answers PUT with 400 naming code, and writes nothing', async () => {
    const code = '1.001193\u0000';
    const event = apiEvent({
      method: 'PUT',
      path: `/v1/procedures/${code}`,
      pathParameters: { code },
      clientId: newClient('admin'),
      body: { ...procedure(BIRTH_REGISTRATION), code },
    });
    const problem = expectProblem(await invoke('put-procedure', event), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect(storeCalls()).toBe(0);
  });
});

describe('a malformed calendar year', () => {
  it.each([
    ['0x7EB', '0x7EB'],
    ['2e3', '2e3'],
    ['2027.0', '2027.0'],
    ['" 2027"', ' 2027'],
    ['1999', '1999'],
    ['3000 characters', TOO_LONG],
  ])('answers PUT /v1/calendar/{%s} with 400 naming year, without a store call', async (_, year) => {
    const event = apiEvent({
      method: 'PUT',
      path: `/v1/calendar/${year}`,
      pathParameters: { year },
      clientId: newClient('admin'),
      body: { daysOff: ['2027-01-01'] },
    });
    const problem = expectProblem(await invoke('put-calendar', event), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'year' })]);
    expect(storeCalls()).toBe(0);
  });
});

describe('text in a submitted body', () => {
  const submitEvent = (body: string, extra: Partial<APIGatewayProxyEvent> = {}) => ({
    ...apiEvent({
      method: 'POST',
      path: '/v1/dossiers',
      clientId: newClient('center'),
      headers: { 'Idempotency-Key': `key-${clients}-0000` },
      body,
    }),
    ...extra,
  });
  const withFullName = (fullName: string) => {
    const body = submission();
    return JSON.stringify({ ...body, applicant: { ...body.applicant, fullName } });
  };

  it('answers 400 "not valid UTF-8" to invalid bytes in applicant.fullName, and stores nothing', async () => {
    const [before, after] = withFullName('@@').split('@@');
    // "Nguy" then 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
    const bytes = Buffer.concat([
      Buffer.from(`${before}Nguy`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`n${after}`),
    ]);
    const event = submitEvent('', { body: bytes.toString('base64'), isBase64Encoded: true });
    const problem = expectProblem(await invoke('submit-dossier', event), 400);
    expect(problem.detail).toMatch(/not valid UTF-8/);
    expect(writes()).toBe(0);
  });

  it('answers 400 "not valid UTF-8" to a text body holding a raw lone surrogate', async () => {
    const problem = expectProblem(await invoke('submit-dossier', submitEvent(`{"summary":"\ud800"}`)), 400);
    expect(problem.detail).toMatch(/not valid UTF-8/);
    expect(writes()).toBe(0);
  });

  it('answers 413 to a base64 body that decodes to more than the limit', async () => {
    const bytes = Buffer.alloc(maxBodyBytes + 1, 0x20);
    const event = submitEvent('', { body: bytes.toString('base64'), isBase64Encoded: true });
    expectProblem(await invoke('submit-dossier', event), 413);
    expect(writes()).toBe(0);
  });

  it('answers 400 naming applicant.fullName for a lone surrogate, and stores nothing', async () => {
    const body = withFullName('Nguyễn \ud800');
    expect(body).toContain('\\ud800');
    const problem = expectProblem(await invoke('submit-dossier', submitEvent(body)), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'applicant.fullName' })]);
    expect(writes()).toBe(0);
  });

  it('answers 400 naming summary for a NUL, and stores nothing', async () => {
    const body = JSON.stringify({ ...submission(), summary: 'Đăng ký khai sinh\u0000' });
    const problem = expectProblem(await invoke('submit-dossier', submitEvent(body)), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'summary' })]);
    expect(writes()).toBe(0);
  });

  it('answers 415 to a body declared in another charset than UTF-8', async () => {
    const event = submitEvent(JSON.stringify(submission()));
    event.headers = { ...event.headers, 'Content-Type': 'application/json; charset=iso-8859-1' };
    expectProblem(await invoke('submit-dossier', event), 415);
    expect(writes()).toBe(0);
  });

  it('accepts a declared UTF-8 charset, in any case and quoted', async () => {
    const event = submitEvent(withFullName('Nguyễn \ud800'));
    event.headers = { ...event.headers, 'Content-Type': 'application/json; Charset="UTF-8"' };
    // Past the media type check: the answer is about the body.
    const problem = expectProblem(await invoke('submit-dossier', event), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'applicant.fullName' })]);
  });
});

describe('text in an action', () => {
  it('answers 400 naming note for a NUL, and stores nothing', async () => {
    const dossierCode = '000.21.01.H49-250715-0001';
    const event = actionEvent(newClient('agency'), dossierCode, {
      action: 'STOP',
      note: 'Hồ sơ\u0000 không hợp lệ',
    });
    const problem = expectProblem(await invoke('act-on-dossier', event), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'note' })]);
    expect(writes()).toBe(0);
  });
});

describe('the OpenAPI document', () => {
  const document = openApiDocument();

  it('publishes the dossier code format and its 404 on both dossier routes', () => {
    for (const op of [
      document.paths?.['/v1/dossiers/{dossierCode}']?.get,
      document.paths?.['/v1/dossiers/{dossierCode}/actions']?.post,
    ]) {
      expect(JSON.stringify(op?.parameters)).toContain(JSON.stringify(DOSSIER_CODE_PATTERN.source));
      expect(JSON.stringify(op?.responses?.['404'])).toContain('dossier code format');
    }
  });

  it('publishes the calendar year as four digits, and the text rule', () => {
    expect(JSON.stringify(document.paths?.['/v1/calendar/{year}']?.put?.parameters)).toContain(
      '"pattern":"^\\\\d{4}$"',
    );
    expect(document.info.description).toContain('NFC');
  });
});
