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
  });

  it('an agency reads what it decides and the results routed to it for delivery', async () => {
    expect((await asked(principals.post))?.sources).toEqual([
      { index: 'byRoutedAgency', value: 'post' },
      { index: 'byDelivery', value: 'post' },
    ]);
    expect(await refusal(principals.police, { agencyId: 'tax' })).toBe('forbidden');
  });

  it('the portal reads only what it filed, narrowed by center if asked', async () => {
    expect(await asked(principals.portal, { centerId: 'tien-yen' })).toMatchObject({
      sources: [{ index: 'bySubmitter', value: 'local-portal' }],
      filter: { centerId: 'tien-yen' },
    });
  });

  it('the admin names a center or an agency', async () => {
    expect(await refusal(principals.admin, {})).toBe('validation');
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
});
