/**
 * Indicator 1.4 on DynamoDB Local: a dossier filed at the counter, marked synced as the portal
 * sync sender marks it (its `#SYNC` item), counted by the stats aggregator's handler from the
 * stream records of both items, reads as synced 1 of 1 received in GET /v1/reports/indicators;
 * replaying the records, in any order, changes nothing. Tien Yen in November 2022: nothing else
 * writes it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

useEmulators();
type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let aggregate: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
let indicators: ApiHandler;

beforeAll(async () => {
  aggregate = (await import('#functions/stream/aggregate-dossier-stats.ts')).handler;
  indicators = (await import('#functions/api/get-indicators.ts')).handler;
});

/** The items as the table holds them now, as stream records (MODIFY, new image). */
async function streamOf(keys: { pk: string; sk: string }[]): Promise<DynamoDBStreamEvent> {
  const { documentClient } = await import('#shared/adapters/aws-clients.ts');
  const tableName = String(process.env.DOSSIERS_TABLE_NAME);
  const items = await Promise.all(
    keys.map(async (Key) => (await documentClient.send(new GetCommand({ TableName: tableName, Key }))).Item),
  );
  return {
    Records: items.map((item, i) => {
      if (!item) throw new Error(`no item ${JSON.stringify(keys[i])}`);
      return {
        eventID: `sync-${i}`,
        eventName: 'MODIFY',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          SequenceNumber: String(i),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      };
    }),
  };
}

async function indicator14() {
  const result = await indicators(
    apiEvent({
      path: '/v1/reports/indicators',
      clientId: 'local-center-tien-yen',
      scope: 'motcua/reports.read',
      query: { month: '2022-11' },
    }),
    lambdaContext(),
  );
  expect(result.statusCode, result.body).toBe(200);
  const found = (jsonOf(result).indicators as { id: string; numerator: number; denominator: number }[]).find(
    (i) => i.id === '1.4',
  );
  return found;
}

describe('indicator 1.4', () => {
  it('counts a dossier once its #SYNC mark says it was synced, and replays change nothing', async () => {
    const { dossierStore } = await import('#shared/config/services.ts');
    const tienYen = { ...principals.hongGai, clientId: 'local-center-tien-yen', centerId: 'tien-yen' };
    const dossier = await fileDossier(
      tienYen,
      submission({ centerId: 'tien-yen' }),
      new Date('2022-11-15T09:00:00+07:00'),
    );
    const pk = `DOSSIER#${dossier.dossierCode}`;
    const dossierRecord = await streamOf([{ pk, sk: '#DOSSIER' }]);
    await aggregate(dossierRecord, lambdaContext());
    expect(await indicator14()).toMatchObject({ numerator: 0, denominator: 1 });

    expect(
      await dossierStore().markSynced(dossier.dossierCode, dossier.version, '2022-11-15T09:00:05+07:00'),
    ).toBe(true);
    const both = await streamOf([
      { pk, sk: '#DOSSIER' },
      { pk, sk: '#SYNC' },
    ]);
    await aggregate(both, lambdaContext());
    expect(await indicator14()).toMatchObject({ numerator: 1, denominator: 1 });

    await aggregate(both, lambdaContext());
    await aggregate({ Records: [...both.Records].reverse() }, lambdaContext());
    await aggregate(dossierRecord, lambdaContext());
    expect(await indicator14()).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
