/**
 * Agency clients bound to competent units on DynamoDB Local, through the handlers Lambda runs:
 * a ward's client lists (from the byRoutedUnit index), reads and acts on its ward's dossiers
 * only; the system-wide commune client keeps its reach. Dossiers here are filed in October
 * 2024, which no other test uses.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dossier } from '#shared/domain/dossier.ts';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Summary = { dossierCode: string; competentUnitId: string };

useEmulators();
const { dossierStore } = await import('#shared/config/services.ts');

let list: ApiHandler;
let read: ApiHandler;
let act: ApiHandler;
beforeAll(async () => {
  list = (await import('#functions/api/list-dossiers.ts')).handler as unknown as ApiHandler;
  read = (await import('#functions/api/get-dossier.ts')).handler as unknown as ApiHandler;
  act = (await import('#functions/api/act-on-dossier.ts')).handler as unknown as ApiHandler;
});

const OCTOBER = { receivedFrom: '2024-10-01', receivedTo: '2024-10-31' };
const HONG_GAI_WARD = 'local-agency-commune-hong-gai-pc';
const BAI_CHAY_WARD = 'local-agency-commune-bai-chay-pc';

/** A birth registration filed at a center: decided by that ward's People's Committee. */
const file = (centerId: 'hong-gai' | 'bai-chay', day: number) =>
  fileDossier(
    centerId === 'hong-gai' ? principals.hongGai : principals.baiChay,
    submission({ centerId }),
    new Date(`2024-10-${String(day).padStart(2, '0')}T09:00:00+07:00`),
  );

/** Every dossier of the caller's worklist in October, following cursors, two at a time. */
async function worklistOf(clientId: string): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | undefined;
  do {
    const result = await list(
      apiEvent({
        path: '/v1/dossiers',
        clientId,
        query: { ...OCTOBER, limit: '2', ...(cursor ? { cursor } : {}) },
      }),
      lambdaContext('motcua-list-dossiers'),
    );
    expect(result.statusCode).toBe(200);
    const body = jsonOf(result);
    items.push(...(body.items as Summary[]));
    cursor = body.nextCursor as string | undefined;
  } while (cursor);
  return items;
}

const readAs = (clientId: string, dossierCode: string) =>
  read(
    apiEvent({ path: `/v1/dossiers/${dossierCode}`, pathParameters: { dossierCode }, clientId }),
    lambdaContext('motcua-get-dossier'),
  );
const startAs = (clientId: string, dossierCode: string) =>
  act(actionEvent(clientId, dossierCode, { action: 'START' }), lambdaContext('motcua-act-on-dossier'));

describe('unit-bound agency clients', () => {
  const hongGai: Dossier[] = [];
  const baiChay: Dossier[] = [];
  beforeAll(async () => {
    for (const day of [1, 2, 3]) hongGai.push(await file('hong-gai', day));
    for (const day of [2, 4]) baiChay.push(await file('bai-chay', day));
  });

  it("list only their unit's dossiers, every one of them, newest first", async () => {
    const items = await worklistOf(HONG_GAI_WARD);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.competentUnitId).toBe('hong-gai-pc');
    expect(items.map((d) => d.dossierCode)).toEqual(hongGai.map((d) => d.dossierCode).reverse());
    const other = await worklistOf(BAI_CHAY_WARD);
    for (const item of other) expect(item.competentUnitId).toBe('bai-chay-pc');
    expect(other.map((d) => d.dossierCode)).toEqual(baiChay.map((d) => d.dossierCode).reverse());
  });

  it("get 404 reading or acting on another unit's dossier, and leave it as it was", async () => {
    const foreign = baiChay[0] as Dossier;
    const reading = await readAs(HONG_GAI_WARD, foreign.dossierCode);
    expect(reading.statusCode).toBe(404);
    const acting = await startAs(HONG_GAI_WARD, foreign.dossierCode);
    expect(acting.statusCode).toBe(404);
    expect(await dossierStore().get(foreign.dossierCode)).toMatchObject({ status: 'RECEIVED', version: 1 });
  });

  it("read and act on their own unit's dossiers", async () => {
    const own = hongGai[0] as Dossier;
    expect((await readAs(HONG_GAI_WARD, own.dossierCode)).statusCode).toBe(200);
    const started = await startAs(HONG_GAI_WARD, own.dossierCode);
    expect(started.statusCode).toBe(200);
    expect(jsonOf(started)).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('leave the system-wide commune client seeing every unit', async () => {
    const codes = (await worklistOf('local-agency-commune')).map((d) => d.dossierCode);
    expect(codes).toEqual(expect.arrayContaining([...hongGai, ...baiChay].map((d) => d.dossierCode)));
    expect((await readAs('local-agency-commune', (baiChay[0] as Dossier).dossierCode)).statusCode).toBe(200);
  });
});
