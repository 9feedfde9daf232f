import { describe, expect, it } from 'vitest';
import { DossierListQuerySchema } from '#shared/contract/dossier.ts';
import type { Principal } from '#shared/domain/access.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { listDossiers } from '#shared/use-cases/list-dossiers.ts';
import type { WorklistFilter, WorklistSource } from '#shared/use-cases/ports.ts';
import { principals } from '../fixtures/catalog.ts';

/** Runs the use case and returns what it asked storage for. */
async function asked(principal: Principal, query: Record<string, string> = {}) {
  let seen: { sources: WorklistSource[]; filter: WorklistFilter; limit: number } | undefined;
  await listDossiers(
    {
      dossiers: {
        worklist: async (sources, filter, limit) => {
          seen = { sources, filter, limit };
          return { items: [] };
        },
      },
      cursors: new CursorCodec('k'.repeat(32)),
    },
    principal,
    DossierListQuerySchema.parse(query),
  );
  return seen;
}

const refusal = async (principal: Principal, query: Record<string, string>) => {
  try {
    await asked(principal, query);
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
  return 'allowed';
};

describe('worklist sources by profile', () => {
  it("a center reads its own center's partition, whatever it asks", async () => {
    expect(await asked(principals.hongGai)).toMatchObject({
      sources: [{ index: 'byCenter', value: 'hong-gai' }],
      filter: {},
      limit: 20,
    });
    expect(await refusal(principals.hongGai, { centerId: 'bai-chay' })).toBe('forbidden');
    await expect(asked(principals.hongGai, { centerId: 'bai-chay' })).rejects.toThrow(
      'This client may not read the dossiers of center bai-chay',
    );
  });

  it('an agency reads what it decides and the results routed to it for delivery', async () => {
    expect((await asked(principals.post))?.sources).toEqual([
      { index: 'byRoutedAgency', value: 'post' },
      { index: 'byDelivery', value: 'post' },
    ]);
    expect(await refusal(principals.police, { agencyId: 'tax' })).toBe('forbidden');
    await expect(asked(principals.police, { agencyId: 'tax' })).rejects.toThrow(
      'This client may not read the dossiers of agency system tax',
    );
  });

  it('the portal reads only what it filed, narrowed by center if asked', async () => {
    expect(await asked(principals.portal, { centerId: 'tien-yen' })).toMatchObject({
      sources: [{ index: 'bySubmitter', value: 'local-portal' }],
      filter: { centerId: 'tien-yen' },
    });
  });

  it('the admin names a center or an agency', async () => {
    expect(await refusal(principals.admin, {})).toBe('validation');
    const error = await listDossiers(
      { dossiers: { worklist: async () => ({ items: [] }) }, cursors: new CursorCodec('k'.repeat(32)) },
      principals.admin,
      DossierListQuerySchema.parse({}),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'Name a centerId or an agencyId',
      errors: [{ path: 'centerId', message: 'or agencyId: required' }],
    });
    expect((await asked(principals.admin, { agencyId: 'tax' }))?.sources).toHaveLength(2);
  });

  it('turns reception dates into whole local days and passes the status', async () => {
    expect(
      (
        await asked(principals.hongGai, {
          status: 'IN_PROGRESS',
          receivedFrom: '2025-07-01',
          receivedTo: '2025-07-31',
        })
      )?.filter,
    ).toEqual({
      status: 'IN_PROGRESS',
      receivedFrom: '2025-07-01T00:00:00+07:00',
      receivedTo: '2025-07-31T23:59:59+07:00',
    });
    expect((await asked(principals.hongGai, { receivedFrom: '2025-07-01T01:00:00Z' }))?.filter).toEqual({
      receivedFrom: '2025-07-01T08:00:00+07:00',
    });
  });

  it('narrows a center by agency system and an agency by center, on its own partitions', async () => {
    expect(await asked(principals.hongGai, { centerId: 'hong-gai', agencyId: 'police' })).toMatchObject({
      sources: [{ index: 'byCenter', value: 'hong-gai' }],
      filter: { agencyId: 'police' },
    });
    expect(await asked(principals.police, { agencyId: 'police', centerId: 'uong-bi' })).toMatchObject({
      sources: [
        { index: 'byRoutedAgency', value: 'police' },
        { index: 'byDelivery', value: 'police' },
      ],
      filter: { centerId: 'uong-bi' },
    });
    expect((await asked(principals.police))?.filter).toEqual({});
  });

  it('narrows the portal by agency system too', async () => {
    expect((await asked(principals.portal, { agencyId: 'tax' }))?.filter).toEqual({ agencyId: 'tax' });
    expect((await asked(principals.portal))?.filter).toEqual({});
  });

  it("reads a center's partition for the admin, narrowed by agency system if asked", async () => {
    expect(await asked(principals.admin, { centerId: 'uong-bi', agencyId: 'tax' })).toMatchObject({
      sources: [{ index: 'byCenter', value: 'uong-bi' }],
      filter: { agencyId: 'tax' },
    });
    expect((await asked(principals.admin, { centerId: 'uong-bi' }))?.filter).toEqual({});
    expect(await asked(principals.admin, { agencyId: 'tax' })).toMatchObject({
      sources: [
        { index: 'byRoutedAgency', value: 'tax' },
        { index: 'byDelivery', value: 'tax' },
      ],
      filter: {},
    });
  });

  it('passes the page size on', async () => {
    expect(await asked(principals.hongGai, { limit: '5' })).toMatchObject({ limit: 5 });
  });

  it('turns an instant bound into local time, upper bounds too', async () => {
    expect((await asked(principals.hongGai, { receivedTo: '2025-07-31T10:00:00Z' }))?.filter).toEqual({
      receivedTo: '2025-07-31T17:00:00+07:00',
    });
  });
});
