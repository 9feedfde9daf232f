/**
 * The catalog on DynamoDB Local: seeding it again keeps what operators changed, and the admin's
 * writes (PUT /v1/procedures/{code}, PUT /v1/calendar/{year}) take effect on the next
 * submission. This file works on a catalog table of its own (the handlers are pointed at it),
 * so its writes cannot change what the other test files read.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_BINDINGS } from '#infra/local/dev-clients.ts';
import { ensureTable } from '#infra/local/provision.ts';
import { TABLES } from '#infra/topology.ts';
import { catalogItems, DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { CALENDARS } from '#shared/config/seed-catalog.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { SEED_CONTENT, seedCatalog } from '#shared/use-cases/seed-catalog.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { BIRTH_REGISTRATION, CRIMINAL_RECORD, procedure, submission } from '../fixtures/catalog.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

useEmulators();
const clients = emulatorClients();
const RUN = randomUUID().slice(0, 8);
const CATALOG_TABLE = `motcua-test-catalog-${RUN}`;
await ensureTable(clients.dynamodb, CATALOG_TABLE, TABLES.catalog);
process.env[TABLES.catalog.envVar] = CATALOG_TABLE;

/** A client the deployment binds, then binds differently on the next deploy. */
const MOVED_CLIENT = `seed-test-${RUN}`;
const SEED_ENTRIES = catalogItems(SEED_CONTENT).length;
const firstSeed = await seedCatalog(new DynamoCatalog(clients.documents, CATALOG_TABLE), [
  ...DEV_CLIENT_BINDINGS,
  { clientId: MOVED_CLIENT, profile: 'center', centerId: 'hong-gai' },
]);

let putProcedure: ApiHandler;
let getProcedure: ApiHandler;
let putCalendar: ApiHandler;
let submit: ApiHandler;
beforeAll(async () => {
  putProcedure = (await import('#functions/api/put-procedure.ts')).handler as unknown as ApiHandler;
  getProcedure = (await import('#functions/api/get-procedure.ts')).handler as unknown as ApiHandler;
  putCalendar = (await import('#functions/api/put-calendar.ts')).handler as unknown as ApiHandler;
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as ApiHandler;
});
afterAll(() => clients.destroy());

const PROBLEM = /^application\/problem\+json/;

const put = (clientId: string, code: string, body: unknown) =>
  putProcedure(
    apiEvent({ method: 'PUT', path: `/v1/procedures/${code}`, pathParameters: { code }, clientId, body }),
    lambdaContext('motcua-put-procedure'),
  );
const get = (clientId: string, code: string) =>
  getProcedure(
    apiEvent({ path: `/v1/procedures/${code}`, pathParameters: { code }, clientId }),
    lambdaContext('motcua-get-procedure'),
  );
const storedProcedure = async (code: string) =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: CATALOG_TABLE, Key: { pk: 'PROCEDURE', sk: code } }),
    )
  ).Item;

let keys = 0;
const file = (body: unknown) =>
  submit(
    apiEvent({
      method: 'POST',
      path: '/v1/dossiers',
      clientId: 'local-center-hong-gai',
      headers: { 'Idempotency-Key': `catalog-${RUN}-${++keys}` },
      body,
    }),
    lambdaContext('motcua-submit-dossier'),
  );

/** `yyyy-MM-dd` of an instant in Vietnam (UTC+7). */
const localDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

describe('seeding the catalog again', () => {
  it("adds what is missing, keeps an operator's edit, and rewrites the client bindings", async () => {
    expect(firstSeed).toEqual({ added: SEED_ENTRIES, kept: 0, clients: DEV_CLIENT_BINDINGS.length + 1 });

    // The operator renames a procedure and shortens its time, as the admin API lets them.
    const edited: Procedure = {
      ...procedure(CRIMINAL_RECORD),
      name: 'Cấp Phiếu lý lịch tư pháp (tên do Sở cập nhật)',
      processingDays: 7,
    };
    expect((await put('local-admin', CRIMINAL_RECORD, edited)).statusCode).toBe(200);
    // A seed entry is missing (say, one a newer release added).
    await clients.documents.send(
      new DeleteCommand({ TableName: CATALOG_TABLE, Key: { pk: 'CALENDAR', sk: '2026' } }),
    );

    const again = await seedCatalog(new DynamoCatalog(clients.documents, CATALOG_TABLE), [
      ...DEV_CLIENT_BINDINGS,
      { clientId: MOVED_CLIENT, profile: 'center', centerId: 'bai-chay' },
    ]);
    expect(again).toEqual({ added: 1, kept: SEED_ENTRIES - 1, clients: DEV_CLIENT_BINDINGS.length + 1 });

    expect(await storedProcedure(CRIMINAL_RECORD)).toMatchObject({
      name: edited.name,
      processingDays: 7,
    });
    expect(jsonOf(await get('local-portal', CRIMINAL_RECORD))).toEqual(edited);
    const calendar = await clients.documents.send(
      new GetCommand({ TableName: CATALOG_TABLE, Key: { pk: 'CALENDAR', sk: '2026' } }),
    );
    expect(calendar.Item).toMatchObject(CALENDARS.find((y) => y.year === 2026) ?? { missing: true });
    const binding = await clients.documents.send(
      new GetCommand({ TableName: CATALOG_TABLE, Key: { pk: 'CLIENT', sk: MOVED_CLIENT } }),
    );
    expect(binding.Item).toMatchObject({ profile: 'center', centerId: 'bai-chay' });
  });
});

describe('PUT /v1/procedures/{code}', () => {
  const NEW_CODE = '9.999001';
  const fresh: Procedure = { ...procedure(BIRTH_REGISTRATION), code: NEW_CODE, name: 'Thủ tục thử nghiệm' };

  it('the admin creates (201) and replaces (200) a procedure; GET reads back what was stored', async () => {
    const created = await put('local-admin', NEW_CODE, fresh);
    expect(created.statusCode).toBe(201);
    expect(jsonOf(created)).toEqual(fresh);
    expect(jsonOf(await get('local-center-hong-gai', NEW_CODE))).toEqual(fresh);

    const renamed = { ...fresh, name: 'Thủ tục thử nghiệm (sửa)' };
    expect((await put('local-admin', NEW_CODE, renamed)).statusCode).toBe(200);
    expect(jsonOf(await get('local-center-hong-gai', NEW_CODE))).toEqual(renamed);
  });

  it('other profiles get 403 and nothing changes', async () => {
    const before = await storedProcedure(BIRTH_REGISTRATION);
    for (const clientId of ['local-portal', 'local-center-hong-gai', 'local-agency-commune']) {
      const response = await put(clientId, BIRTH_REGISTRATION, {
        ...procedure(BIRTH_REGISTRATION),
        name: 'không được phép',
      });
      expect(response.statusCode, clientId).toBe(403);
      expect(response.headers?.['content-type']).toMatch(PROBLEM);
    }
    expect(await storedProcedure(BIRTH_REGISTRATION)).toEqual(before);
  });

  it('a bad body gets 400 naming the field, and nothing changes', async () => {
    const before = await storedProcedure(BIRTH_REGISTRATION);
    const cases: [unknown, string][] = [
      [{ ...procedure(BIRTH_REGISTRATION), processingDays: -1 }, 'processingDays'],
      [{ ...procedure(BIRTH_REGISTRATION), level: 'NATIONAL' }, 'level'],
      [{ ...procedure(BIRTH_REGISTRATION), code: CRIMINAL_RECORD }, 'code'],
      [{ ...procedure(BIRTH_REGISTRATION), surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await put('local-admin', BIRTH_REGISTRATION, body);
      expect(response.statusCode, field).toBe(400);
      expect(response.headers?.['content-type']).toMatch(PROBLEM);
      // An unknown key is named in the message (its path is the body itself).
      const errors = (jsonOf(response).errors ?? []) as { path: string; message: string }[];
      expect(
        errors.some((e) => e.path.split('.').includes(field) || e.message.includes(`"${field}"`)),
        JSON.stringify(errors),
      ).toBe(true);
    }
    expect(await storedProcedure(BIRTH_REGISTRATION)).toEqual(before);
  });

  it('the next submission follows the stored definition (a newly mandatory document)', async () => {
    const birth = procedure(BIRTH_REGISTRATION);
    expect((await file(submission())).statusCode).toBe(201);
    const stricter: Procedure = {
      ...birth,
      documents: [
        ...birth.documents,
        { code: 'TP99', name: 'Giấy tờ bổ sung theo quy định mới', mandatory: true },
      ],
    };
    expect((await put('local-admin', BIRTH_REGISTRATION, stricter)).statusCode).toBe(200);

    const without = await file(submission());
    expect(without.statusCode).toBe(422);
    expect(jsonOf(without).errors).toEqual([
      { path: 'documents', message: expect.stringContaining('mandatory document TP99') },
    ]);
    const withIt = await file(
      submission({ documents: [...submission().documents, { documentCode: 'TP99' }] }),
    );
    expect(withIt.statusCode).toBe(201);

    // Put back as seeded: the old set of documents is enough again.
    expect((await put('local-admin', BIRTH_REGISTRATION, birth)).statusCode).toBe(200);
    expect((await file(submission())).statusCode).toBe(201);
  });
});

describe('PUT /v1/calendar/{year}', () => {
  it("a new day off moves the next submission's due date past it", async () => {
    const before = jsonOf(await file(submission()));
    const dayOff = localDate(String(before.dueAt));
    const year = Number(dayOff.slice(0, 4));
    const seeded = CALENDARS.find((y) => y.year === year) ?? { daysOff: [], workingDays: [] };

    const response = await putCalendar(
      apiEvent({
        method: 'PUT',
        path: `/v1/calendar/${year}`,
        pathParameters: { year: String(year) },
        clientId: 'local-admin',
        body: {
          daysOff: [...seeded.daysOff, dayOff],
          workingDays: seeded.workingDays.filter((d) => d !== dayOff),
        },
      }),
      lambdaContext('motcua-put-calendar'),
    );
    expect(response.statusCode).toBe(200);
    expect(jsonOf(response).daysOff).toContain(dayOff);

    const after = jsonOf(await file(submission()));
    // Due on the day now off before; on a later day now.
    expect(localDate(String(after.dueAt)) > dayOff, `${String(after.dueAt)} after ${dayOff}`).toBe(true);
  });
});
