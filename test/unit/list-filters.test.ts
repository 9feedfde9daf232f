/**
 * The list filters `procedureCode` and `portalRef`: how the query parses, which index partition
 * each profile reads with them, and the filter applied to the dossiers read through the
 * keys-only indexes, clause by clause.
 */
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '#shared/adapters/worklist-query.ts';
import { DossierListQuerySchema } from '#shared/contract/dossier.ts';
import type { Principal } from '#shared/domain/access.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { parseQuery } from '#shared/runtime/http.ts';
import { listDossiers } from '#shared/use-cases/list-dossiers.ts';
import type { WorklistFilter, WorklistSource } from '#shared/use-cases/ports.ts';
import { principals } from '../fixtures/catalog.ts';

/** The 400's error paths for a query, or 'accepted'. */
function problemPaths(query: Record<string, string>): string[] | 'accepted' {
  try {
    parseQuery({ query } as unknown as Parameters<typeof parseQuery>[0], DossierListQuerySchema);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
    return error.errors.map((e) => e.path);
  }
}

async function asked(principal: Principal, query: Record<string, string>) {
  let seen: { sources: WorklistSource[]; filter: WorklistFilter } | undefined;
  await listDossiers(
    {
      dossiers: {
        worklist: async (sources, filter) => {
          seen = { sources, filter };
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

describe('parsing procedureCode and portalRef', () => {
  it('accepts a procedure code and a reference, the reference trimmed', () => {
    expect(problemPaths({ procedureCode: '1.001193', portalRef: 'G22.99-240101-0001' })).toBe('accepted');
    expect(DossierListQuerySchema.parse({ portalRef: '  ABC-1 ' }).portalRef).toBe('ABC-1');
  });

  it.each([
    [{ procedureCode: '' }, 'procedureCode'],
    [{ procedureCode: '1.001193;drop' }, 'procedureCode'],
    [{ procedureCode: 'x'.repeat(41) }, 'procedureCode'],
    [{ portalRef: '' }, 'portalRef'],
    [{ portalRef: '   ' }, 'portalRef'],
    [{ portalRef: 'x'.repeat(101) }, 'portalRef'],
    [{ portalRef: 'a\u0000b' }, 'portalRef'],
    [{ portalRef: 'a\nb' }, 'portalRef'],
  ])('refuses %j with a 400 naming %s', (query, path) => {
    expect(problemPaths(query)).toEqual([path]);
  });
});

describe('which partitions the filters read', () => {
  it("the portal's reference reads its own sparse partition, never its whole history", async () => {
    expect(await asked(principals.portal, { portalRef: 'REF-1' })).toEqual({
      sources: [{ index: 'byPortalRef', value: 'local-portal#REF-1' }],
      filter: { portalRef: 'REF-1' },
    });
  });

  it('the portal without a reference reads what it filed, narrowed by procedure', async () => {
    expect(await asked(principals.portal, { procedureCode: '1.001193', centerId: 'hong-gai' })).toEqual({
      sources: [{ index: 'bySubmitter', value: 'local-portal' }],
      filter: { procedureCode: '1.001193', centerId: 'hong-gai' },
    });
  });

  it('a center or an agency filters its own partitions by reference and procedure', async () => {
    expect(await asked(principals.hongGai, { portalRef: 'REF-1', procedureCode: '1.001193' })).toEqual({
      sources: [{ index: 'byCenter', value: 'hong-gai' }],
      filter: { portalRef: 'REF-1', procedureCode: '1.001193' },
    });
    expect(await asked(principals.police, { procedureCode: '3.000333', status: 'RECEIVED' })).toEqual({
      sources: [
        { index: 'byRoutedAgency', value: 'police' },
        { index: 'byDelivery', value: 'police' },
      ],
      filter: { procedureCode: '3.000333', status: 'RECEIVED' },
    });
  });
});

describe('the filter on the dossiers read (keys-only indexes)', () => {
  const item = {
    status: 'RECEIVED',
    centerId: 'hong-gai',
    routedTo: ['commune'],
    receivedAt: '2024-09-03T09:00:00+07:00',
    procedureCode: '1.001193',
    portalRef: 'REF-1',
  };

  it('keeps an item every clause matches', () => {
    expect(
      matchesFilter(item, {
        status: 'RECEIVED',
        centerId: 'hong-gai',
        agencyId: 'commune',
        receivedFrom: '2024-09-03T00:00:00+07:00',
        receivedTo: '2024-09-03T23:59:59+07:00',
        procedureCode: '1.001193',
        portalRef: 'REF-1',
      }),
    ).toBe(true);
    expect(matchesFilter(item, {})).toBe(true);
  });

  it.each<[string, WorklistFilter]>([
    ['status', { status: 'IN_PROGRESS' }],
    ['center', { centerId: 'bai-chay' }],
    ['agency', { agencyId: 'police' }],
    ['received from', { receivedFrom: '2024-09-04T00:00:00+07:00' }],
    ['received to', { receivedTo: '2024-09-02T23:59:59+07:00' }],
    ['procedure', { procedureCode: '3.000333' }],
    ['reference', { portalRef: 'REF-2' }],
  ])('drops an item its %s clause does not match', (_clause, filter) => {
    expect(matchesFilter(item, filter)).toBe(false);
  });

  it('drops a dossier never received from a list bounded by reception dates', () => {
    const { receivedAt: _, ...submitted } = item;
    expect(matchesFilter(submitted, { receivedFrom: '2024-01-01T00:00:00+07:00' })).toBe(false);
    expect(matchesFilter(submitted, { receivedTo: '2030-01-01T00:00:00+07:00' })).toBe(false);
  });
});
