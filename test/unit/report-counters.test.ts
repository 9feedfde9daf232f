import { describe, expect, it } from 'vitest';
import { workingCalendar } from '#shared/domain/calendar.ts';
import { GROUP_WEIGHTS, indicatorReport } from '#shared/domain/indicators.ts';
import {
  type CountedDossier,
  contributionOf,
  monthlyReport,
  monthOf,
  rankOf,
  recount,
} from '#shared/domain/reports.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';
import { MemoryStatsStore, MemorySyncMarks } from '../fixtures/stats-store.ts';

const calendar = workingCalendar([]);

const dossier = (code: string, changes: Partial<CountedDossier> = {}): CountedDossier => ({
  dossierCode: code,
  centerId: 'hong-gai',
  agencyId: 'commune',
  category: 'OWN_AUTHORITY',
  channel: 'ONLINE',
  status: 'RECEIVED',
  version: 2,
  receivedAt: '2025-07-15T08:00:00+07:00',
  processing: { days: 3 },
  ...changes,
});

const setUp = () => {
  const stats = new MemoryStatsStore();
  const count = (images: CountedDossier[]) =>
    aggregateDossierStats(
      { stats, syncMarks: new MemorySyncMarks(), calendar: async () => calendar },
      images,
    );
  return { stats, count };
};

/** A dossier's life: filed online, received, in progress, overdue (no new version), resolved late. */
const life = (code: string): CountedDossier[] => [
  dossier(code, { status: 'SUBMITTED', version: 1, receivedAt: undefined }),
  dossier(code, { status: 'RECEIVED', version: 2 }),
  dossier(code, { status: 'IN_PROGRESS', version: 3 }),
  dossier(code, { status: 'IN_PROGRESS', version: 3, timeliness: 'OVERDUE' }),
  dossier(code, {
    status: 'RESOLVED',
    version: 4,
    timeliness: 'LATE',
    finishedAt: '2025-07-25T10:00:00+07:00',
  }),
];

describe('report counters kept from the dossiers stream', () => {
  it('count a month as a recount of the dossiers does', async () => {
    const { stats, count } = setUp();
    const lives = ['A', 'B', 'C'].map(life);
    for (let step = 0; step < 5; step++) await count(lives.map((l) => l[step] as CountedDossier));
    expect(stats.snapshot()).toEqual(
      recount(
        lives.map((l) => l[4] as CountedDossier),
        calendar,
      ),
    );
    const report = monthlyReport(
      await stats.counters([{ centerId: 'hong-gai', month: '2025-07' }]),
      '2025-07',
    );
    expect(report.received.total).toBe(3);
    expect(report.timeliness).toEqual({
      finished: 3,
      early: 0,
      onTime: 0,
      late: 3,
      inProgress: 0,
      overdue: 0,
    });
  });

  it('are unchanged when the records are replayed, delivered twice or out of order', async () => {
    const { stats, count } = setUp();
    const records = life('A');
    await count(records);
    const counted = stats.snapshot();
    await count(records);
    expect(stats.snapshot()).toEqual(counted);
    await count([...records].reverse());
    expect(stats.snapshot()).toEqual(counted);
    for (const record of records) await count([record, record]);
    expect(stats.snapshot()).toEqual(counted);
    // Each stale record in a batch of its own, the oldest last.
    for (const record of [...records].reverse()) await count([record]);
    expect(stats.snapshot()).toEqual(counted);
    expect(counted).toEqual(recount([records[4] as CountedDossier], calendar));
  });

  it('write nothing for a version that counts as the one counted before', async () => {
    const { stats, count } = setUp();
    const [submitted, received, inProgress, overdue, resolved] = life('A') as CountedDossier[];
    await count([submitted as CountedDossier]);
    expect(stats.written).toEqual([]);
    await count([received as CountedDossier]);
    expect(stats.written).toEqual([`A@${rankOf(received as CountedDossier)}`]);
    // RECEIVED and IN_PROGRESS count alike (in progress, same bucket): nothing to write.
    await count([inProgress as CountedDossier]);
    await count([inProgress as CountedDossier, received as CountedDossier]);
    expect(stats.written).toHaveLength(1);
    await count([overdue as CountedDossier]);
    await count([resolved as CountedDossier]);
    expect(stats.written).toEqual([
      `A@${rankOf(received as CountedDossier)}`,
      `A@${rankOf(overdue as CountedDossier)}`,
      `A@${rankOf(resolved as CountedDossier)}`,
    ]);
    expect(stats.snapshot()).toEqual(recount([resolved as CountedDossier], calendar));
  });

  it('count an overdue mark that adds no version, and not its stale replay', async () => {
    const { stats, count } = setUp();
    const [, , inProgress, overdue] = life('A') as CountedDossier[];
    await count([inProgress as CountedDossier]);
    await count([overdue as CountedDossier]);
    await count([inProgress as CountedDossier]);
    const counts = await stats.counters([{ centerId: 'hong-gai', month: '2025-07' }]);
    expect(monthlyReport(counts, '2025-07').timeliness).toMatchObject({ inProgress: 1, overdue: 1 });
  });

  it('move a dossier between categories and between months', async () => {
    const { stats, count } = setUp();
    await count([dossier('A', { version: 2 })]);
    await count([dossier('A', { version: 3, category: 'VERTICAL', agencyId: 'police' })]);
    await count([
      dossier('A', {
        version: 4,
        category: 'VERTICAL',
        agencyId: 'police',
        receivedAt: '2025-08-01T00:00:00+07:00',
      }),
    ]);
    const july = monthlyReport(await stats.counters([{ centerId: 'hong-gai', month: '2025-07' }]), '2025-07');
    const august = monthlyReport(
      await stats.counters([{ centerId: 'hong-gai', month: '2025-08' }]),
      '2025-08',
    );
    expect(july.received.total).toBe(0);
    expect(july.received.byAgency).toEqual({});
    expect(august.received).toMatchObject({
      total: 1,
      vertical: 1,
      ownAuthority: 0,
      byAgency: { police: 1 },
    });
  });

  it('retry what a concurrent writer got to first', async () => {
    const { stats, count } = setUp();
    let interfere = true;
    stats.beforeApply = () => {
      if (!interfere) return;
      interfere = false;
      const intruder = dossier('A', { version: 2 });
      const { bucket, counts } = contributionOf(intruder, calendar);
      stats.stored.set('A', {
        dossierCode: 'A',
        rank: rankOf(intruder),
        ...(bucket ? { bucket } : {}),
        counts,
      });
      stats.buckets.set('hong-gai#2025-07', counts);
    };
    await count([dossier('A', { version: 3, channel: 'DIRECT' })]);
    expect(stats.snapshot()).toEqual(recount([dossier('A', { version: 3, channel: 'DIRECT' })], calendar));
  });
});

describe('the report month', () => {
  it('is the month of the receipt in Asia/Ho_Chi_Minh', () => {
    expect(monthOf('2025-07-31T23:59:00+07:00')).toBe('2025-07');
    expect(monthOf('2025-07-31T17:00:00Z')).toBe('2025-08');
    expect(monthOf('2025-06-30T17:00:00Z')).toBe('2025-07');
  });
});

describe('Decision 766 indicators', () => {
  it('weigh the groups as published, 100 in all', () => {
    const report = indicatorReport({}, '2025-07');
    expect(report.groups.map((g) => [g.group, g.maxScore])).toEqual(Object.entries(GROUP_WEIGHTS));
    expect(report.total.maxScore).toBe(100);
    expect(report.indicators.map((i) => i.id)).toEqual([
      '1.4',
      '2.1',
      '2.2',
      '3.3',
      '3.6',
      '4.1',
      '4.2',
      '4.3',
      '5.4',
    ]);
  });

  it('score each rate against its target', () => {
    const counts = {
      received: 100,
      synced: 100,
      'channel.ONLINE': 40,
      finished: 80,
      early: 50,
      onTime: 20,
      late: 10,
      inProgress: 20,
      overdue: 5,
      elapsedMinutes: 1200,
      statutoryMinutes: 1000,
      feeBearing: 10,
      paidOnline: 8,
    };
    const byId = Object.fromEntries(indicatorReport(counts, '2025-07').indicators.map((i) => [i.id, i]));
    expect(byId['2.1']).toMatchObject({
      numerator: 85,
      denominator: 100,
      rate: 0.85,
      score: 8.5,
      maxScore: 10,
    });
    expect(byId['2.2']).toMatchObject({ rate: 1.2, score: 8.33 });
    expect(byId['3.3']).toMatchObject({ numerator: 40, rate: 0.4, score: 8.8 });
    expect(byId['3.6']).toMatchObject({ rate: 0.8, score: 11 });
    expect(byId['5.4']).toMatchObject({ numerator: 85, rate: 0.85 });
  });
});
