/**
 * Page cursors on DynamoDB Local, through the list handlers Lambda runs: a cursor that was not
 * issued to this client for this query is a 400 problem naming `cursor`, never a query with it.
 * Dossiers here are filed in September 2024, which no other test uses.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/access.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

useEmulators();

let listDossiers: ApiHandler;
let listProcedures: ApiHandler;
beforeAll(async () => {
  listDossiers = (await import('#functions/api/list-dossiers.ts')).handler as unknown as ApiHandler;
  listProcedures = (await import('#functions/api/list-procedures.ts')).handler as unknown as ApiHandler;
});

const SEPTEMBER = { receivedFrom: '2024-09-01', receivedTo: '2024-09-30' };

const file = (principal: Principal, now: string, centerId: string) =>
  fileDossier(principal, submission({ centerId }), new Date(now));

const list = (clientId: string, query: Record<string, string>) =>
  listDossiers(apiEvent({ path: '/v1/dossiers', clientId, query }), lambdaContext('motcua-list-dossiers'));

/** The answer must be a 400 problem whose errors name the cursor. */
function expectCursorProblem(result: APIGatewayProxyResult) {
  expect({ status: result.statusCode, body: jsonOf(result) }).toMatchObject({
    status: 400,
    body: { status: 400, errors: [expect.objectContaining({ path: 'cursor' })] },
  });
  expect(String(result.headers?.['Content-Type'] ?? result.headers?.['content-type'])).toMatch(
    /^application\/problem\+json/,
  );
}

/** A cursor's payload, decoded as a client would try: the base64url text before any `.`. */
const payloadOf = (cursor: string) => Buffer.from(cursor.split('.')[0] ?? '', 'base64url').toString('utf8');
const withPayload = (cursor: string, payload: string) =>
  [Buffer.from(payload).toString('base64url'), ...cursor.split('.').slice(1)].join('.');

describe('list cursors', () => {
  const hongGai: Dossier[] = [];
  let baiChay: Dossier;
  beforeAll(async () => {
    hongGai.push(await file(principals.hongGai, '2024-09-03T09:00:00+07:00', 'hong-gai'));
    hongGai.push(await file(principals.hongGai, '2024-09-04T09:00:00+07:00', 'hong-gai'));
    hongGai.push(await file(principals.hongGai, '2024-09-05T09:00:00+07:00', 'hong-gai'));
    baiChay = await file(principals.baiChay, '2024-09-04T10:00:00+07:00', 'bai-chay');
  });

  it('continue the listing they were issued for', async () => {
    const first = await list('local-center-hong-gai', { ...SEPTEMBER, limit: '2' });
    const cursor = String(jsonOf(first).nextCursor);
    const second = await list('local-center-hong-gai', { ...SEPTEMBER, limit: '2', cursor });
    expect(second.statusCode).toBe(200);
    const codes = [first, second].flatMap((r) =>
      (jsonOf(r).items as { dossierCode: string }[]).map((d) => d.dossierCode),
    );
    expect(codes).toEqual(hongGai.map((d) => d.dossierCode).reverse());
  });

  it("answer the issue's hand-made cursor with a 400 problem, not a 500", async () => {
    const cursor = Buffer.from('{"s":["byCenter:hong-gai"],"p":[{"after":"x"}]}').toString('base64url');
    expectCursorProblem(await list('local-admin', { centerId: 'hong-gai', cursor }));
  });

  it("answer a cursor with another partition's key spliced in with a 400 problem, not its dossiers", async () => {
    // Hong Gai's cursor after its newest dossier, with Bai Chay's dossier put in its place.
    const first = await list('local-center-hong-gai', { ...SEPTEMBER, limit: '1' });
    const own = hongGai[2] as Dossier;
    const cursor = String(jsonOf(first).nextCursor);
    const spliced = withPayload(
      cursor,
      payloadOf(cursor)
        .replaceAll(own.dossierCode, baiChay.dossierCode)
        .replaceAll(own.submittedAt, baiChay.submittedAt)
        .replaceAll('"centerId":"hong-gai"', '"centerId":"bai-chay"'),
    );
    expect(spliced).not.toBe(cursor);
    const result = await list('local-center-hong-gai', { ...SEPTEMBER, limit: '5', cursor: spliced });
    const leaked = result.statusCode === 200 ? (jsonOf(result).items as { centerId: string }[]) : [];
    expect(leaked.filter((d) => d.centerId !== 'hong-gai')).toEqual([]);
    expectCursorProblem(result);
  });

  it("answer another client's cursor, or one of another query, with a 400 problem", async () => {
    const first = await list('local-center-hong-gai', { ...SEPTEMBER, limit: '1' });
    const cursor = String(jsonOf(first).nextCursor);
    expectCursorProblem(
      await list('local-admin', { ...SEPTEMBER, centerId: 'hong-gai', limit: '1', cursor }),
    );
    expectCursorProblem(await list('local-center-hong-gai', { ...SEPTEMBER, status: 'RESOLVED', cursor }));
  });

  it('guard the procedure search the same way', async () => {
    const page = (clientId: string, query: Record<string, string>) =>
      listProcedures(
        apiEvent({ path: '/v1/procedures', clientId, query }),
        lambdaContext('motcua-list-procedures'),
      );
    const first = await page('local-portal', { limit: '5' });
    const cursor = String(jsonOf(first).nextCursor);
    expect((await page('local-portal', { limit: '5', cursor })).statusCode).toBe(200);
    expectCursorProblem(await page('local-center-hong-gai', { limit: '5', cursor }));
    expectCursorProblem(
      await page('local-portal', { limit: '5', cursor: withPayload(cursor, '{"after":"9"}') }),
    );
  });
});
