/**
 * The portal sync sender (shared/use-cases/sync-to-portal.ts) with in-memory ports: what it
 * posts for a message, what it drops, and that the synced version only moves forward.
 */
import { describe, expect, it } from 'vitest';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { type PortalSyncBody, portalSyncMessageFor } from '#shared/domain/portal-sync.ts';
import { type PortalSyncStore, syncToPortal } from '#shared/use-cases/sync-to-portal.ts';
import { seedCatalog } from '../fixtures/catalog.ts';

const NOW = new Date('2025-07-16T10:00:00+07:00');

function dossier(overrides: Partial<Dossier> = {}): Dossier {
  return {
    dossierCode: '000.21.01.H49-250715-0001',
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    centerId: 'hong-gai',
    competentUnitId: 'hong-gai-pc',
    agencyId: 'commune',
    category: 'OWN_AUTHORITY',
    channel: 'ONLINE',
    status: 'IN_PROGRESS',
    version: 3,
    submittedAt: '2025-07-14T09:00:00+07:00',
    receivedAt: '2025-07-14T09:30:00+07:00',
    dueAt: '2025-07-15T09:30:00+07:00',
    applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Hồng Gai' },
    summary: 'Đăng ký khai sinh',
    documents: [],
    resultDelivery: 'ONLINE',
    processing: { days: 1 },
    submittedBy: 'local-portal',
    routedTo: ['commune'],
    ...overrides,
  };
}

const HISTORY: TimelineEvent[] = [
  {
    at: '2025-07-14T09:00:00+07:00',
    action: 'SUBMIT',
    actor: 'local-portal',
    toStatus: 'SUBMITTED',
    version: 1,
  },
  {
    at: '2025-07-14T09:30:00+07:00',
    action: 'ACCEPT',
    actor: 'local-center-hong-gai',
    fromStatus: 'SUBMITTED',
    toStatus: 'RECEIVED',
    version: 2,
  },
  {
    at: '2025-07-14T09:31:00+07:00',
    action: 'START',
    actor: 'local-agency-commune',
    fromStatus: 'RECEIVED',
    toStatus: 'IN_PROGRESS',
    version: 3,
  },
];

function setUp(stored: Dossier, options: { failures?: number } = {}) {
  let current = structuredClone(stored);
  const posted: PortalSyncBody[] = [];
  let failures = options.failures ?? 0;
  const store: PortalSyncStore = {
    async getWithHistory() {
      return {
        dossier: structuredClone(current),
        history: HISTORY.filter((e) => e.version <= current.version),
      };
    },
    async markSynced(_code, version, at) {
      if ((current.syncedVersion ?? 0) >= version) return false;
      current = { ...current, syncedVersion: version, syncedAt: at };
      return true;
    },
  };
  const deps = {
    dossiers: store,
    catalog: seedCatalog(),
    portal: {
      async post(body: PortalSyncBody) {
        if (failures > 0) {
          failures -= 1;
          throw new Error('portal answered 503');
        }
        posted.push(body);
      },
    },
    now: () => NOW,
  };
  return { deps, posted, current: () => current };
}

describe('syncToPortal', () => {
  it('posts the dossier as it is now, then every step not yet synced in order, and records the version', async () => {
    const { deps, posted, current } = setUp(dossier({ syncedVersion: 1 }));
    expect(await syncToPortal(deps, { dossierCode: '000.21.01.H49-250715-0001', version: 2 })).toBe('SENT');
    expect(posted.map((body) => body.service)).toEqual(['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']);
    expect(posted[0]?.data.map((d) => ('TrangThaiHoSo' in d ? d.TrangThaiHoSo : undefined))).toEqual([4]);
    expect(posted[1]?.data.map((d) => ('TrangThai' in d ? d.TrangThai : undefined))).toEqual([2, 4]);
    expect(current()).toMatchObject({ syncedVersion: 3, syncedAt: '2025-07-16T10:00:00+07:00' });
  });

  it('drops a message whose version the portal already holds', async () => {
    const { deps, posted } = setUp(dossier({ syncedVersion: 3 }));
    expect(await syncToPortal(deps, { dossierCode: '000.21.01.H49-250715-0001', version: 2 })).toBe(
      'COVERED',
    );
    expect(await syncToPortal(deps, { dossierCode: '000.21.01.H49-250715-0001', version: 3 })).toBe(
      'COVERED',
    );
    expect(posted).toEqual([]);
  });

  it('never syncs an imported legacy dossier', async () => {
    const { deps, posted, current } = setUp(dossier({ importedAt: '2025-07-01T00:00:00+07:00' }));
    expect(await syncToPortal(deps, { dossierCode: '000.21.01.H49-250715-0001', version: 3 })).toBe(
      'IMPORTED',
    );
    expect(posted).toEqual([]);
    expect(current().syncedVersion).toBeUndefined();
  });

  it('records nothing when the portal fails, so the retry sends it all again', async () => {
    const { deps, posted, current } = setUp(dossier(), { failures: 1 });
    const message = { dossierCode: '000.21.01.H49-250715-0001', version: 3 };
    await expect(syncToPortal(deps, message)).rejects.toThrow(/503/);
    expect(current().syncedVersion).toBeUndefined();
    expect(await syncToPortal(deps, message)).toBe('SENT');
    expect(posted[1]?.data).toHaveLength(3);
  });

  it('names the procedure field and the competent unit identifier', async () => {
    const { deps, posted } = setUp(dossier());
    await syncToPortal(deps, { dossierCode: '000.21.01.H49-250715-0001', version: 3 });
    const [hoSo] = posted[0]?.data ?? [];
    expect(hoSo).toMatchObject({ DonViXuLy: expect.stringMatching(/H49/) });
  });
});

describe('portalSyncMessageFor (stream record → message)', () => {
  const after = { dossierCode: 'X-250715-0001', version: 4 };
  it.each([
    ['a new dossier', undefined, after, { dossierCode: 'X-250715-0001', version: 4 }],
    ['a new version', { version: 3 }, after, { dossierCode: 'X-250715-0001', version: 4 }],
    ['a write that keeps the version (sync mark, overdue)', { version: 4 }, after, undefined],
    [
      'an imported legacy dossier',
      undefined,
      { ...after, importedAt: '2025-07-01T00:00:00+07:00' },
      undefined,
    ],
    ['a removal', { version: 4 }, undefined, undefined],
  ])('%s', (_name, before, next, expected) => {
    expect(portalSyncMessageFor(before, next)).toEqual(expected);
  });
});
