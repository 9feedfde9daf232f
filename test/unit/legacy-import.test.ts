import { describe, expect, it } from 'vitest';
import { CENTERS, PROCEDURES, UNITS } from '#shared/config/seed-catalog.ts';
import { LegacyDossierRowSchema } from '#shared/contract/legacy-dossiers.ts';
import type { Principal } from '#shared/domain/access.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import { convertLegacyDossier } from '#shared/domain/legacy-dossier.ts';
import { type CountedDossier, monthlyReport, recount } from '#shared/domain/reports.ts';
import { routingsFor } from '#shared/domain/routing.ts';
import { fromPortalDateTime } from '#shared/domain/time.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';
import { generateMonth, HONG_GAI_JULY_2025 } from '../fixtures/legacy-dossiers.ts';
import { MemoryStatsStore, MemorySyncMarks } from '../fixtures/stats-store.ts';

const admin: Principal = { clientId: 'local-admin', profile: 'admin', scopes: [] };
const now = new Date('2026-11-27T03:00:00Z');
const convert = (row: Record<string, unknown>) => {
  const record = LegacyDossierRowSchema.parse(row);
  return convertLegacyDossier(
    record,
    {
      procedure: PROCEDURES.find((p) => p.code === record.MaTTHC),
      center: CENTERS.find((c) => c.centerId === record.MaTrungTam),
      units: UNITS,
    },
    admin,
    now,
  );
};

/** The province's headline month (docs/domain.md "The headline report"): Hong Gai, July 2025. */
const SEED_REPORT = {
  total: 9673,
  ownAuthority: 1043,
  boundaryFree: 2375,
  centerHandled: 3418,
  vertical: 6255,
};
const SEED_ONLINE = { count: 2173, base: 3418, rate: 0.636 };

/** The generated headline month, converted once for the tests that need all of it (CPU-bound). */
let headlineMonth: CountedDossier[] | undefined;
const headlineDossiers = (): CountedDossier[] => {
  headlineMonth ??= generateMonth(HONG_GAI_JULY_2025).map((row) => convert(row).dossier);
  return headlineMonth;
};

describe('legacy dossier conversion', () => {
  it('reads DVCQG times as Asia/Ho_Chi_Minh', () => {
    expect(fromPortalDateTime('20250731235900')).toBe('2025-07-31T23:59:00+07:00');
  });

  it('the generated headline month converts and recounts to the seed report', () => {
    expect(generateMonth(HONG_GAI_JULY_2025)).toHaveLength(9673);
    const counts = recount(headlineDossiers(), workingCalendar([])).get('hong-gai#2025-07') ?? {};
    const report = monthlyReport(counts, '2025-07', 'hong-gai');
    expect(report.received).toMatchObject(SEED_REPORT);
    expect(report.online).toEqual(SEED_ONLINE);
  });

  // The e2e import (test/e2e/province-report.test.ts) runs a smaller month through the runtime;
  // the full month's figures are checked here, through the stream consumer's counting.
  it('the headline month, counted as the stream consumer counts it, answers the seed report', async () => {
    const stats = new MemoryStatsStore();
    const deps = { stats, syncMarks: new MemorySyncMarks(), calendar: async () => workingCalendar([]) };
    const dossiers = headlineDossiers();
    // In batches of the consumer's size (infra/topology.ts: 500 records), in the order imported.
    const countAll = async () => {
      let applied = 0;
      for (let i = 0; i < dossiers.length; i += 500) {
        applied += (await aggregateDossierStats(deps, dossiers.slice(i, i + 500))).applied;
      }
      return applied;
    };
    expect(await countAll()).toBe(9673);
    const bucket = { centerId: 'hong-gai', month: '2025-07' };
    const report = monthlyReport(await stats.counters([bucket]), '2025-07', 'hong-gai');
    expect(report.received).toMatchObject(SEED_REPORT);
    expect(report.online).toEqual(SEED_ONLINE);
    expect(stats.snapshot()).toEqual(recount(dossiers, workingCalendar([])));
    // The month's records delivered again (a replay) change nothing.
    expect(await countAll()).toBe(0);
    expect(monthlyReport(await stats.counters([bucket]), '2025-07', 'hong-gai').received).toMatchObject(
      SEED_REPORT,
    );
  });

  it('an imported dossier is not routed to its agency again; a dossier filed here is', () => {
    const { dossier } = convert(generateMonth(HONG_GAI_JULY_2025)[5] ?? {});
    expect(dossier.status).not.toBe('SUBMITTED');
    const received = { ...dossier, status: 'RECEIVED' as const };
    expect(routingsFor(undefined, received)).toEqual([]);
    const { importedAt: _imported, ...filedHere } = received;
    expect(routingsFor(undefined, filedHere)).toHaveLength(1);
  });

  it('names the cells and the statuses that do not fit', () => {
    const row = {
      ...generateMonth(HONG_GAI_JULY_2025)[1],
      TrangThaiHoSo: 10,
      NgayKetThucXuLy: '',
      NgayTra: '',
    };
    expect(() => convert(row)).toThrow(
      expect.objectContaining({
        errors: [
          { path: 'NgayKetThucXuLy', message: 'status 10 needs the end of processing' },
          { path: 'NgayTra', message: 'a returned dossier needs the return time' },
        ],
      }),
    );
    const bad = LegacyDossierRowSchema.safeParse({
      ...row,
      NgayNopHoSo: '20250231080000',
      KenhThucHien: '4',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['KenhThucHien', 'NgayNopHoSo']);
  });
});
