/**
 * The list filters on DynamoDB Local: `procedureCode` pages through a filtered worklist without
 * skipping or repeating a dossier (page boundaries inside the filtered results, and a run of
 * filtered-out dossiers longer than a request's index reads), and `portalRef` finds the
 * submitting client's own dossiers only. Dossiers here are filed in March 2023, which no other
 * test uses, under references unique to the run.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNITS } from '#shared/config/seed-catalog.ts';
import type { Principal } from '#shared/domain/access.ts';
import { type Dossier, openDossier, resolveCompetentUnit } from '#shared/domain/dossier.ts';
import { formatDossierCode } from '#shared/domain/dossier-code.ts';
import type { WorklistFilter, WorklistPosition } from '#shared/use-cases/ports.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import {
  BIRTH_REGISTRATION,
  CRIMINAL_RECORD,
  calendar,
  center,
  principals,
  procedure,
  submission,
} from '../fixtures/catalog.ts';
import { fileDossier, seedVerifiedAttachments, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

useEmulators();

let listHandler: ApiHandler;
beforeAll(async () => {
  listHandler = (await import('#functions/api/list-dossiers.ts')).handler as unknown as ApiHandler;
});

const MARCH = { receivedFrom: '2023-03-01', receivedTo: '2023-03-31' };
const run = `${process.pid}-${Date.now()}`;

const list = (clientId: string, query: Record<string, string>) =>
  listHandler(apiEvent({ path: '/v1/dossiers', clientId, query }), lambdaContext('motcua-list-dossiers'));

/** Every page of a listing, following nextCursor (at most `maxPages`). */
async function allPages(clientId: string, query: Record<string, string>, maxPages = 50) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const result = await list(clientId, { ...query, ...(cursor ? { cursor } : {}) });
    expect(result.statusCode, result.body).toBe(200);
    const body = jsonOf(result);
    pages.push((body.items as { dossierCode: string }[]).map((d) => d.dossierCode));
    cursor = body.nextCursor as string | undefined;
  } while (cursor && pages.length < maxPages);
  expect(cursor, 'the listing ended').toBeUndefined();
  return pages;
}

/** A DIRECT dossier received at Hong Gai at `at`, opened as a submission opens it. */
function opened(procedureCode: string, at: string, sequence: number): Dossier {
  const proc = procedure(procedureCode);
  const hongGai = center('hong-gai');
  const now = new Date(at);
  return openDossier({
    request: submission({ procedureCode }),
    procedure: proc,
    center: hongGai,
    competentUnit: resolveCompetentUnit(proc, hongGai, UNITS, undefined),
    dossierCode: formatDossierCode(hongGai.unitCode, now, sequence),
    submittedBy: principals.hongGai,
    now,
    calendar,
  }).dossier;
}

/** Writes dossier items directly: listing reads nothing else, and filing each would be slow. */
async function store(dossiers: Dossier[]) {
  const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { documentClient } = await import('#shared/adapters/aws-clients.ts');
  const { toDossierItem } = await import('#shared/adapters/dossier-item.ts');
  const tableName = String(process.env.DOSSIERS_TABLE_NAME);
  for (let i = 0; i < dossiers.length; i += 25) {
    let pending = dossiers.slice(i, i + 25).map((d) => ({ PutRequest: { Item: toDossierItem(d) } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

const newestFirst = (dossiers: Dossier[]) =>
  [...dossiers].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)).map((d) => d.dossierCode);

describe('procedureCode', () => {
  const births: Dossier[] = [];
  const others: Dossier[] = [];
  beforeAll(async () => {
    // One birth registration, then a run of 30 criminal record dossiers (more than one index read
    // of 25 items), then births and criminal records interleaved.
    births.push(opened(BIRTH_REGISTRATION, '2023-03-02T09:00:00+07:00', 9000));
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.parse('2023-03-06T08:00:00+07:00') + i * 60_000).toISOString();
      others.push(opened(CRIMINAL_RECORD, at, 9000 + i));
    }
    for (let day = 20; day < 26; day++) {
      const at = `2023-03-${day}T09:00:00+07:00`;
      if (day % 2 === 0) births.push(opened(BIRTH_REGISTRATION, at, 9000));
      else others.push(opened(CRIMINAL_RECORD, at, 9000));
    }
    await store([...births, ...others]);
  });

  it('pages through one procedure newest first, each dossier once, combined with dates and cursors', async () => {
    const pages = await allPages('local-center-hong-gai', {
      ...MARCH,
      procedureCode: BIRTH_REGISTRATION,
      limit: '2',
    });
    expect(pages.flat()).toEqual(newestFirst(births));
    expect(pages[0]).toHaveLength(2);
    const criminal = await allPages('local-center-hong-gai', {
      ...MARCH,
      procedureCode: CRIMINAL_RECORD,
      limit: '7',
    });
    expect(criminal.flat()).toEqual(newestFirst(others));
  });

  it('combines with status and center for the admin', async () => {
    const pages = await allPages('local-admin', {
      ...MARCH,
      centerId: 'hong-gai',
      status: 'RECEIVED',
      procedureCode: BIRTH_REGISTRATION,
      limit: '3',
    });
    expect(pages.flat()).toEqual(newestFirst(births));
  });

  it('moves past a filtered-out run longer than what one request reads', async () => {
    const { queryWorklist } = await import('#shared/adapters/worklist-query.ts');
    const { documentClient } = await import('#shared/adapters/aws-clients.ts');
    const tableName = String(process.env.DOSSIERS_TABLE_NAME);
    const filter: WorklistFilter = {
      procedureCode: BIRTH_REGISTRATION,
      receivedFrom: '2023-03-01T00:00:00+07:00',
      receivedTo: '2023-03-19T23:59:59+07:00',
    };
    const sources = [{ index: 'byCenter' as const, value: 'hong-gai' }];
    // One index read per request: the first reads 25 criminal records and keeps none.
    const found: string[] = [];
    let from: WorklistPosition[] | undefined;
    for (let request = 0; request < 5; request++) {
      const page = await queryWorklist(documentClient, tableName, sources, filter, 2, from, 1);
      found.push(...page.items.map((d) => d.dossierCode));
      if (!page.next) break;
      expect(page.next, 'each request moves on').not.toEqual(from);
      from = page.next;
    }
    expect(found).toEqual([births[0]?.dossierCode]);
  });
});

describe('portalRef', () => {
  const ref = `HS-${run}`;
  let own: Dossier[];
  let centers: Dossier;
  beforeAll(async () => {
    await seedVerifiedAttachments('local-portal', ['att-1', 'att-2', 'att-3']);
    const online = (minute: number, portalRef: string) =>
      fileDossier(
        principals.portal,
        submission({ channel: 'ONLINE', resultDelivery: 'ONLINE', portalRef }),
        new Date(Date.parse('2023-03-10T10:00:00+07:00') + minute * 60_000),
      );
    // Normally one dossier per reference; three here, to page through them.
    own = [await online(0, ref), await online(1, ref), await online(2, ref)];
    await online(3, `${ref}-other`);
    // A center's dossier under the same reference: not the portal's.
    centers = await fileDossier(
      principals.baiChay,
      submission({ centerId: 'bai-chay', portalRef: ref }),
      new Date('2023-03-10T11:00:00+07:00'),
    );
  });

  it("finds the portal's own dossiers by exact reference, through cursors", async () => {
    const pages = await allPages('local-portal', { portalRef: ref, limit: '2' });
    expect(pages.flat()).toEqual(newestFirst(own));
    expect(pages[0]).toHaveLength(2);
    const exact = await allPages('local-portal', { portalRef: `${ref}-oth` });
    expect(exact.flat()).toEqual([]);
  });

  it('combines with the other filters', async () => {
    const submitted = await allPages('local-portal', {
      portalRef: ref,
      status: 'SUBMITTED',
      centerId: 'hong-gai',
    });
    expect(submitted.flat()).toEqual(newestFirst(own));
    expect((await allPages('local-portal', { portalRef: ref, status: 'RECEIVED' })).flat()).toEqual([]);
    expect(
      (await allPages('local-portal', { portalRef: ref, procedureCode: CRIMINAL_RECORD })).flat(),
    ).toEqual([]);
  });

  it("finds nothing of another client's reference", async () => {
    const other: Principal = { clientId: 'another-portal', profile: 'portal', scopes: [] };
    const { listDossiers } = await import('#shared/use-cases/list-dossiers.ts');
    const { cursorCodec } = await import('#shared/config/cursor-key.ts');
    const { dossierStore } = await import('#shared/config/services.ts');
    const page = await listDossiers({ dossiers: dossierStore(), cursors: await cursorCodec() }, other, {
      portalRef: ref,
      limit: 20,
    });
    expect(page.items).toEqual([]);
    // A center sees what it may read under that reference: its own dossier at Bai Chay, the
    // portal's filed at Hong Gai; never another center's.
    expect((await allPages('local-center-bai-chay', { portalRef: ref })).flat()).toEqual([
      centers.dossierCode,
    ]);
    expect((await allPages('local-center-hong-gai', { portalRef: ref })).flat()).toEqual(newestFirst(own));
  });
});
