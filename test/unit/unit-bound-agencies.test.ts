/** Agency clients bound to competent units: what they see, act on and list. */
import { describe, expect, it } from 'vitest';
import { DossierListQuerySchema } from '#shared/contract/dossier.ts';
import { type DossierAudience, maySee, type Principal } from '#shared/domain/access.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import { listDossiers } from '#shared/use-cases/list-dossiers.ts';
import type { WorklistSource } from '#shared/use-cases/ports.ts';
import { calendar, principals } from '../fixtures/catalog.ts';

const hongGaiWard: Principal = {
  clientId: 'local-agency-commune-hong-gai-pc',
  profile: 'agency',
  agencyId: 'commune',
  unitIds: ['hong-gai-pc'],
  scopes: [],
};
const twoWards: Principal = {
  ...hongGaiWard,
  clientId: 'two-wards',
  unitIds: ['hong-gai-pc', 'bai-chay-pc'],
};

const audience = (competentUnitId: string, overrides: Partial<DossierAudience> = {}): DossierAudience => ({
  centerId: 'hong-gai',
  submittedBy: 'local-center-hong-gai',
  routedTo: ['commune'],
  agencyId: 'commune',
  competentUnitId,
  ...overrides,
});

function received(competentUnitId: string): Dossier {
  return {
    dossierCode: '000.21.02.H49-250715-0001',
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    centerId: 'bai-chay',
    competentUnitId,
    agencyId: 'commune',
    category: 'OWN_AUTHORITY',
    channel: 'DIRECT',
    status: 'RECEIVED',
    version: 1,
    submittedAt: '2025-07-14T09:00:00+07:00',
    receivedAt: '2025-07-14T09:00:00+07:00',
    dueAt: '2025-07-15T09:00:00+07:00',
    applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Bãi Cháy' },
    summary: 'Đăng ký khai sinh',
    documents: [],
    resultDelivery: 'COUNTER',
    processing: { days: 1 },
    submittedBy: 'local-center-bai-chay',
    routedTo: ['commune'],
  };
}

/** What `run` throws, or undefined. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const start = (principal: Principal, dossier: Dossier) =>
  decide(dossier, { action: 'START' }, principal, new Date('2025-07-14T10:00:00+07:00'), calendar);

describe('a unit-bound agency client', () => {
  it("sees the dossiers its units decide, not another unit's", () => {
    expect(maySee(hongGaiWard, audience('hong-gai-pc'))).toBe(true);
    expect(maySee(hongGaiWard, audience('bai-chay-pc'))).toBe(false);
    expect(maySee(twoWards, audience('bai-chay-pc'))).toBe(true);
    expect(maySee(twoWards, audience('tien-yen-pc'))).toBe(false);
  });

  it('sees nothing not routed to its agency system yet, nor what another system decides', () => {
    expect(maySee(hongGaiWard, audience('hong-gai-pc', { routedTo: [] }))).toBe(false);
    expect(
      maySee(hongGaiWard, audience('hong-gai-pc', { agencyId: 'police', routedTo: ['police', 'commune'] })),
    ).toBe(false);
  });

  it("acts on its unit's dossiers only", () => {
    expect(start(hongGaiWard, received('hong-gai-pc')).next.status).toBe('IN_PROGRESS');
    expect(thrownBy(() => start(hongGaiWard, received('bai-chay-pc')))).toMatchObject({ kind: 'forbidden' });
  });

  it("lists from its units' partitions of the byRoutedUnit index, nothing else", async () => {
    const read: WorklistSource[][] = [];
    await listDossiers(
      {
        dossiers: {
          worklist: async (sources) => {
            read.push(sources);
            return { items: [] };
          },
        },
        cursors: new CursorCodec('k'.repeat(32)),
      },
      twoWards,
      DossierListQuerySchema.parse({}),
    );
    expect(read).toEqual([
      [
        { index: 'byRoutedUnit', value: 'commune#hong-gai-pc' },
        { index: 'byRoutedUnit', value: 'commune#bai-chay-pc' },
      ],
    ]);
  });
});

describe('the system-wide agency client', () => {
  it('keeps its reach: every unit of its system, and results it delivers', () => {
    expect(maySee(principals.commune, audience('hong-gai-pc'))).toBe(true);
    expect(maySee(principals.commune, audience('tien-yen-pc'))).toBe(true);
    expect(maySee(principals.post, audience('hong-gai-pc', { routedTo: ['commune', 'post'] }))).toBe(true);
    expect(start(principals.commune, received('bai-chay-pc')).next.status).toBe('IN_PROGRESS');
  });
});

describe('worklist cursors', () => {
  const codec = new CursorCodec('k'.repeat(32));
  const firstPage = { p: [{ after: '2025-07-14T09:00:00+07:00#000.21.01.H49-250714-0001' }] };

  /** Lists with a store that records every call; answers one page with a next position. */
  async function listWith(principal: Principal, query: Record<string, string>) {
    const calls: unknown[] = [];
    const deps = {
      dossiers: {
        worklist: async (...args: unknown[]) => {
          calls.push(args);
          return { items: [], next: firstPage.p };
        },
      },
      cursors: codec,
    };
    try {
      return { calls, page: await listDossiers(deps, principal, DossierListQuerySchema.parse(query)) };
    } catch (error) {
      return { calls, error };
    }
  }

  it('continue the same client and query, and reach the store with their positions', async () => {
    const { page } = await listWith(principals.hongGai, { status: 'RECEIVED' });
    const next = await listWith(principals.hongGai, { status: 'RECEIVED', cursor: page?.nextCursor ?? '' });
    expect(next.error).toBeUndefined();
    expect(next.calls).toEqual([[expect.any(Array), expect.any(Object), 20, firstPage.p]]);
  });

  it('answer 400 naming cursor, and never reach the store, when forged, foreign or of another query', async () => {
    const { page } = await listWith(principals.hongGai, { status: 'RECEIVED' });
    const cursor = page?.nextCursor ?? '';
    const issueCursor = Buffer.from(
      JSON.stringify({ s: ['byCenter:hong-gai'], p: [{ after: 'x' }] }),
    ).toString('base64url');
    for (const [principal, query] of [
      [principals.admin, { centerId: 'hong-gai', cursor: issueCursor }],
      [principals.baiChay, { status: 'RECEIVED', cursor }],
      [principals.hongGai, { status: 'IN_PROGRESS', cursor }],
      [principals.hongGai, { status: 'RECEIVED', cursor: `${cursor.slice(0, -2)}AA` }],
      [
        hongGaiWard,
        { cursor: codec.seal({ p: [{ after: 'x' }] }, { clientId: hongGaiWard.clientId, query: {} }) },
      ],
    ] as const) {
      const { calls, error } = await listWith(principal, query);
      expect(calls).toEqual([]);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'validation', errors: [{ path: 'cursor' }] });
    }
  });
});
