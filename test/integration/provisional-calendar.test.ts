/**
 * Provisional due dates on DynamoDB Local: a due date computed into a year without calendar data
 * is flagged and indexed by its due year; storing that year (PUT /v1/calendar/{year}) recomputes
 * exactly those dossiers. This file works on a catalog and a dossiers table of its own, so the
 * year it stores and the dossiers it files cannot change what the other test files read.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_BINDINGS } from '#infra/local/dev-clients.ts';
import { ensureTable } from '#infra/local/provision.ts';
import { TABLES } from '#infra/topology.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { dossierKey } from '#shared/adapters/dossier-item.ts';
import { seedCatalog } from '#shared/use-cases/seed-catalog.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { emulatorClients, fileDossier, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

useEmulators();
const clients = emulatorClients();
const RUN = randomUUID().slice(0, 8);
const CATALOG_TABLE = `motcua-test-catalog-${RUN}`;
const DOSSIERS_TABLE = `motcua-test-dossiers-${RUN}`;
await ensureTable(clients.dynamodb, CATALOG_TABLE, TABLES.catalog);
await ensureTable(clients.dynamodb, DOSSIERS_TABLE, TABLES.dossiers);
process.env[TABLES.catalog.envVar] = CATALOG_TABLE;
process.env[TABLES.dossiers.envVar] = DOSSIERS_TABLE;
await seedCatalog(new DynamoCatalog(clients.documents, CATALOG_TABLE), DEV_CLIENT_BINDINGS);

const putCalendar = (await import('#functions/api/put-calendar.ts')).handler as unknown as ApiHandler;
const getCalendar = (await import('#functions/api/get-calendar.ts')).handler as unknown as ApiHandler;
const { actOnDossier } = await import('#shared/use-cases/act-on-dossier.ts');
const { attachmentStore, catalog, dossierStore } = await import('#shared/config/services.ts');
afterAll(() => clients.destroy());

/** Thirty working days, commune level. */
const THIRTY_DAYS = '1.012812';

const storedItem = async (code: string) =>
  (await clients.documents.send(new GetCommand({ TableName: DOSSIERS_TABLE, Key: dossierKey(code) }))).Item;

const calendarRequest = (method: 'GET' | 'PUT', year: number, body?: unknown) =>
  apiEvent({
    method,
    path: `/v1/calendar/${year}`,
    pathParameters: { year: String(year) },
    clientId: 'local-admin',
    ...(body ? { body } : {}),
  });

describe('a due date computed into a year without calendar data', () => {
  it('is flagged, indexed by its due year, and recomputed when the year is stored', async () => {
    // Prepare: filed Fri 27 Nov 2026 09:00 (2027 not loaded); one of them resolved before the year arrives
    const receivedAt = new Date('2026-11-27T09:00:00+07:00');
    const open = await fileDossier(
      principals.hongGai,
      submission({ procedureCode: THIRTY_DAYS }),
      receivedAt,
    );
    const ended = await fileDossier(
      principals.hongGai,
      submission({ procedureCode: THIRTY_DAYS }),
      receivedAt,
    );
    const deps = { catalog: catalog(), dossiers: dossierStore(), attachments: attachmentStore() };
    const commune = principals.commune;
    await actOnDossier(
      { ...deps, now: () => new Date('2026-11-30T09:00:00+07:00') },
      commune,
      ended.dossierCode,
      {
        action: 'START',
      },
    );
    await actOnDossier(
      { ...deps, now: () => new Date('2026-12-01T09:00:00+07:00') },
      commune,
      ended.dossierCode,
      {
        action: 'RESOLVE',
        documents: [{ documentCode: 'KQ01' }],
      },
    );
    expect(open).toMatchObject({ dueAt: '2027-01-11T09:00:00+07:00', calendarProvisional: true });
    expect((await storedItem(open.dossierCode))?.provisionalDueYear).toBe('2027');
    expect(await storedItem(ended.dossierCode)).not.toHaveProperty('provisionalDueYear');

    // Act: 2027 as announced, with Mon 4 Jan off as well
    const response = await putCalendar(
      calendarRequest('PUT', 2027, { daysOff: ['2027-01-01', '2027-01-04'], workingDays: [] }),
      lambdaContext('motcua-put-calendar'),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(jsonOf(response)).toMatchObject({ year: 2027, recomputedDossiers: 1 });
    const recomputed = await dossierStore().get(open.dossierCode);
    expect(recomputed).toMatchObject({ dueAt: '2027-01-12T09:00:00+07:00', version: open.version });
    expect(recomputed).not.toHaveProperty('calendarProvisional');
    expect(await storedItem(open.dossierCode)).not.toHaveProperty('provisionalDueYear');
    // The resolved one was judged on its due date of the day, and stays as it ended.
    expect(await dossierStore().get(ended.dossierCode)).toMatchObject({
      dueAt: '2027-01-11T09:00:00+07:00',
      timeliness: 'EARLY',
    });

    // Storing the year again finds nothing left to recompute.
    const again = await putCalendar(
      calendarRequest('PUT', 2027, { daysOff: ['2027-01-01', '2027-01-04'], workingDays: [] }),
      lambdaContext('motcua-put-calendar'),
    );
    expect(jsonOf(again)).toMatchObject({ recomputedDossiers: 0 });
  });

  it('reads back as stored, and a year not announced as its statutory-only default', async () => {
    // Act
    const stored = jsonOf(
      await getCalendar(calendarRequest('GET', 2027), lambdaContext('motcua-get-calendar')),
    );
    const statutory = jsonOf(
      await getCalendar(calendarRequest('GET', 2028), lambdaContext('motcua-get-calendar')),
    );

    // Assess
    expect(stored).toEqual({
      year: 2027,
      daysOff: ['2027-01-01', '2027-01-04'],
      workingDays: [],
      source: 'ANNOUNCED',
    });
    expect(statutory).toMatchObject({ year: 2028, source: 'STATUTORY_ONLY', workingDays: [] });
    expect(statutory.daysOff).toContain('2028-01-01');
  });
});
