/**
 * The citizen-facing services on DynamoDB Local, through the handlers and the real adapters: a
 * filed dossier's receipt (a PDF whose QR is its lookup page), the public lookup by code and
 * digits (one 404 for a wrong pair and an unknown code, counted per address), and the rating,
 * stored once however many race for it.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { LOOKUP_RATE_LIMIT_ENV } from '#infra/topology.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { readPdf } from '../fixtures/pdf.ts';
import { emulatorClients, fileDossier, useEmulators } from './emulators.ts';

useEmulators();
const clients = emulatorClients();
afterAll(() => clients.destroy());

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const load = async (name: string) =>
  (await import(`#functions/api/${name}.ts`)).handler as unknown as Handler;
const getReceipt = await load('get-receipt');
const lookupDossier = await load('lookup-dossier');
const lookupPage = await load('lookup-page');
const rateDossierHandler = await load('rate-dossier');
const { dossierStore } = await import('#shared/config/services.ts');

const filed = await fileDossier(principals.hongGai, submission(), new Date());
const code = filed.dossierCode;

/** The filed dossier moved straight to RETURNED in the table (the lifecycle is tested elsewhere). */
async function returnedDossier(): Promise<Dossier> {
  const dossier = await fileDossier(principals.hongGai, submission(), new Date());
  const returned: Dossier = { ...dossier, status: 'RETURNED', version: dossier.version + 1 };
  const ok = await dossierStore().applyTransition(dossier, returned, {
    at: new Date().toISOString(),
    action: 'RETURN_RESULT',
    actor: 'test',
    fromStatus: dossier.status,
    toStatus: 'RETURNED',
    version: returned.version,
  });
  expect(ok).toBe(true);
  return returned;
}

const lookupEvent = (
  query: Record<string, string>,
  path = '/v1/lookup',
  sourceIp = '198.51.100.1',
  headers: Record<string, string> = {},
) => {
  const event = apiEvent({ method: 'GET', path, query, headers });
  return {
    ...event,
    requestContext: { ...event.requestContext, identity: { sourceIp } },
  } as APIGatewayProxyEvent;
};

describe('receipt', () => {
  it('is the PDF of the dossier, its QR the lookup page of the code and the ID digits', async () => {
    const answer = await getReceipt(
      apiEvent({
        method: 'GET',
        path: `/v1/dossiers/${code}/receipt`,
        pathParameters: { dossierCode: code },
        clientId: 'local-center-hong-gai',
        headers: { Host: '127.0.0.1:3000' },
      }),
      lambdaContext(),
    );
    expect(answer.statusCode, answer.body.slice(0, 200)).toBe(200);
    expect(answer.isBase64Encoded).toBe(true);
    expect(answer.headers?.['content-type']).toBe('application/pdf');
    const read = await readPdf(Buffer.from(answer.body, 'base64'));
    expect(read.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(read.text).toContain(code);
    expect(read.qrCodes).toEqual([`http://127.0.0.1:3000/tra-cuu?ma=${encodeURIComponent(code)}&so=0123`]);
  });

  it('is 404 for a client that may not see the dossier', async () => {
    const answer = await getReceipt(
      apiEvent({
        method: 'GET',
        path: `/v1/dossiers/${code}/receipt`,
        pathParameters: { dossierCode: code },
        clientId: 'local-center-bai-chay',
      }),
      lambdaContext(),
    );
    expect(answer.statusCode).toBe(404);
  });
});

describe('public lookup', () => {
  it('answers the public view for the right pair', async () => {
    const answer = await lookupDossier(lookupEvent({ dossierCode: code, idLast4: '0123' }), lambdaContext());
    expect(answer.statusCode, answer.body).toBe(200);
    expect(jsonOf(answer)).toMatchObject({
      dossierCode: code,
      status: 'RECEIVED',
      statusName: 'Đã tiếp nhận',
    });
    expect(answer.body).not.toContain('Nguyễn');
  });

  it('answers a wrong pair with the very 404 of an unknown code, JSON and page', async () => {
    const unknownCode = code.replace(/\d{4}$/, '9999');
    const wrong = await lookupDossier(lookupEvent({ dossierCode: code, idLast4: '9999' }), lambdaContext());
    const unknown = await lookupDossier(
      lookupEvent({ dossierCode: unknownCode, idLast4: '9999' }),
      lambdaContext(),
    );
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.headers).toEqual(unknown.headers);

    const page = (ma: string) =>
      lookupPage(
        lookupEvent({ ma, so: '9999' }, '/tra-cuu', '198.51.100.1', { Accept: 'text/html,*/*;q=0.8' }),
        lambdaContext(),
      );
    const [wrongPage, unknownPage] = await Promise.all([page(code), page(unknownCode)]);
    expect(wrongPage.statusCode).toBe(404);
    expect(unknownPage.statusCode).toBe(404);
    expect(wrongPage.headers?.['content-type']).toBe('text/html; charset=utf-8');
    // The pages differ only where they echo the code typed in.
    expect(wrongPage.body.replaceAll(code, 'X')).toBe(unknownPage.body.replaceAll(unknownCode, 'X'));
  });

  it('answers a client that does not take HTML with problem+json', async () => {
    const answer = await lookupPage(lookupEvent({ ma: code, so: '9999' }, '/tra-cuu'), lambdaContext());
    expect(answer.statusCode).toBe(404);
    expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    const half = await lookupPage(lookupEvent({ ma: code }, '/tra-cuu'), lambdaContext());
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('"path":"so"');
  });

  it('names the field of a malformed query (400) and changes nothing', async () => {
    const answer = await lookupDossier(lookupEvent({ dossierCode: code, idLast4: '12a4' }), lambdaContext());
    expect(answer.statusCode).toBe(400);
    expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toContain('idLast4');
  });

  it('limits each address through the clientRates table (429)', async () => {
    process.env[LOOKUP_RATE_LIMIT_ENV] = '3/3600';
    try {
      const ip = '198.51.100.77';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await lookupDossier(
          lookupEvent({ dossierCode: code, idLast4: '0123' }, '/v1/lookup', ip),
          lambdaContext(),
        );
        statuses.push(answer.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const other = await lookupDossier(
        lookupEvent({ dossierCode: code, idLast4: '0123' }, '/v1/lookup', '198.51.100.250'),
        lambdaContext(),
      );
      expect(other.statusCode).toBe(200);
    } finally {
      delete process.env[LOOKUP_RATE_LIMIT_ENV];
    }
  });
});

describe('rating', () => {
  const rateBody = (dossierCode: string, score: number) =>
    apiEvent({
      method: 'POST',
      path: `/v1/dossiers/${dossierCode}/rating`,
      pathParameters: { dossierCode },
      clientId: 'local-center-hong-gai',
      body: { score },
    });

  it('is stored once when ten race for it; the others get 409', async () => {
    const dossier = await returnedDossier();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((score) =>
        rateDossierHandler(rateBody(dossier.dossierCode, score), lambdaContext()),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = jsonOf(answers.find((a) => a.statusCode === 201) as APIGatewayProxyResult);
    const stored = await dossierStore().get(dossier.dossierCode);
    expect(stored?.rating).toEqual(winner);
    expect(stored?.version).toBe(dossier.version);
  });

  it('is 409 before RETURNED and leaves the dossier alone', async () => {
    const answer = await rateDossierHandler(rateBody(code, 5), lambdaContext());
    expect(answer.statusCode).toBe(409);
    expect((await dossierStore().get(code))?.rating).toBeUndefined();
  });

  it('is 400 naming the score outside 1..5', async () => {
    const dossier = await returnedDossier();
    const answer = await rateDossierHandler(rateBody(dossier.dossierCode, 6), lambdaContext());
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('score');
    expect((await dossierStore().get(dossier.dossierCode))?.rating).toBeUndefined();
  });
});
