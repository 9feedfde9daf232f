/**
 * Indicator 1.4 (synced / received): the aggregator counts a dossier as synced once its `#SYNC`
 * mark is seen, at any version, exactly once, whatever the order of the records and however
 * often they are replayed; later images of the dossier (which never carry the mark) keep it. A
 * mark of a dossier not received yet writes nothing: the mark item is read when the dossier is
 * first counted.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { syncMarks } from '#functions/stream/aggregate-dossier-stats.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import type { CountedDossier } from '#shared/domain/reports.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';
import { MemoryStatsStore, MemorySyncMarks } from '../fixtures/stats-store.ts';

const calendar = workingCalendar([]);
const JULY = [{ centerId: 'hong-gai', month: '2025-07' }];

const image = (version: number, changes: Partial<CountedDossier> = {}): CountedDossier => ({
  dossierCode: 'D1',
  centerId: 'hong-gai',
  agencyId: 'commune',
  category: 'OWN_AUTHORITY',
  channel: 'ONLINE',
  status: 'RECEIVED',
  version,
  receivedAt: '2025-07-15T08:00:00+07:00',
  processing: { days: 3 },
  ...changes,
});
const submitted = image(1, { status: 'SUBMITTED', receivedAt: undefined });

function setUp() {
  const stats = new MemoryStatsStore();
  const syncMarks = new MemorySyncMarks();
  // A mark's record in a batch means its item was written before.
  const count = (images: CountedDossier[], marks: string[] = []) => {
    for (const code of marks) syncMarks.items.add(code);
    return aggregateDossierStats({ stats, syncMarks, calendar: async () => calendar }, images, marks);
  };
  const synced = async () => (await stats.counters(JULY)).synced ?? 0;
  const received = async () => (await stats.counters(JULY)).received ?? 0;
  return { stats, syncMarks, count, synced, received };
}

describe('indicator 1.4 counts synced dossiers', () => {
  it('counts a received dossier once its mark is seen, once, through replays and later versions', async () => {
    const { count, synced, received } = setUp();
    await count([image(2)]);
    expect(await synced()).toBe(0);
    expect((await count([], ['D1'])).applied).toBe(1);
    expect(await synced()).toBe(1);
    expect((await count([image(2)], ['D1', 'D1'])).applied).toBe(0);
    await count([image(3, { status: 'IN_PROGRESS' })]);
    await count([image(2), image(3, { status: 'IN_PROGRESS' })], ['D1']);
    expect([await synced(), await received()]).toEqual([1, 1]);
  });

  it('writes nothing for a mark seen before the dossier was received, and counts it at receipt', async () => {
    const { stats, count, synced, received } = setUp();
    await count([submitted], ['D1']);
    await count([], ['D1']);
    expect(stats.written).toEqual([]);
    expect(await received()).toBe(0);
    await count([image(2)]);
    expect([await synced(), await received()]).toEqual([1, 1]);
    // Counted with its mark in one write, not counted and then marked.
    expect(stats.written).toEqual(['D1@16']);
  });

  it('counts a mark written while the dossier is first counted, whose own record found nothing counted', async () => {
    const { stats, syncMarks, count, synced, received } = setUp();
    // The sender marks between the aggregator's read of the mark and its write of the count; the
    // mark's own record came before the count was written, and so wrote nothing.
    syncMarks.beforeRead = () => {
      if (syncMarks.reads.length === 1) syncMarks.items.add('D1');
    };
    await count([image(2)]);
    expect([await synced(), await received()]).toEqual([1, 1]);
    expect(stats.written).toEqual(['D1@16', 'D1@16']);
  });

  it('counts the same whatever the order, in one batch or across batches', async () => {
    for (const batches of [
      [[image(2)], [submitted]],
      [[submitted, image(2)]],
      [[image(2), submitted]],
    ] as CountedDossier[][][]) {
      const first = setUp();
      for (const batch of batches) await first.count(batch, ['D1']);
      expect([await first.synced(), await first.received()]).toEqual([1, 1]);
      const second = setUp();
      await second.count([], ['D1']);
      for (const batch of batches) await second.count(batch);
      expect([await second.synced(), await second.received()]).toEqual([1, 1]);
    }
  });

  it('never counts a dossier without a mark', async () => {
    const { count, synced } = setUp();
    await count([submitted, image(2), image(3, { status: 'IN_PROGRESS' })]);
    expect(await synced()).toBe(0);
  });

  it('retries when a concurrent writer set the flag first, and counts once', async () => {
    const { stats, count, synced } = setUp();
    await count([image(2)]);
    let raced = false;
    stats.beforeApply = () => {
      if (raced) return;
      raced = true;
      // Another batch marked it between this one's read and its write.
      const stored = stats.stored.get('D1');
      if (stored)
        stats.stored.set('D1', { ...stored, synced: true, counts: { ...stored.counts, synced: 1 } });
      stats.buckets.set('hong-gai#2025-07', { ...stats.buckets.get('hong-gai#2025-07'), synced: 1 });
    };
    await count([image(3, { status: 'IN_PROGRESS' })], ['D1']);
    expect(await synced()).toBe(1);
    expect(stats.stored.get('D1')).toMatchObject({ synced: true, counts: { synced: 1, inProgress: 1 } });
  });
});

describe('sync marks in a stream batch', () => {
  const record = (item: Record<string, unknown>) => ({
    eventName: 'MODIFY' as const,
    dynamodb: { NewImage: marshall(item) as never },
  });

  it('names the dossiers whose #SYNC item was written, and nothing else', () => {
    const event = {
      Records: [
        record({ pk: 'DOSSIER#D1', sk: '#SYNC', entity: 'SYNC', syncedVersion: 2, syncedAt: 'x' }),
        record({ pk: 'DOSSIER#D2', sk: '#DOSSIER', entity: 'DOSSIER', syncedVersion: 2 }),
        record({ pk: 'DOSSIER#D3', sk: 'EVENT#000001', entity: 'EVENT' }),
        { eventName: 'REMOVE' as const, dynamodb: {} },
      ],
    } as DynamoDBStreamEvent;
    expect(syncMarks(event)).toEqual(['D1']);
  });
});
