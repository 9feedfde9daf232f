import { describe, expect, it } from 'vitest';
import type { Dossier } from '#shared/domain/dossier.ts';
import { sweepOverdue } from '#shared/use-cases/sweep-overdue.ts';

const running = (dossierCode: string, centerId: string, agencyId: string): Dossier =>
  ({
    dossierCode,
    centerId,
    agencyId,
    status: 'IN_PROGRESS',
    version: 2,
    dueAt: '2025-07-15T08:00:00+07:00',
  }) as Dossier;

describe('the overdue sweep', () => {
  it('marks what the due-date index gives it and counts per center and agency system', async () => {
    // Prepare
    const pastDue = [
      running('A-1', 'hong-gai', 'commune'),
      running('A-2', 'hong-gai', 'police'),
      running('A-3', 'bai-chay', 'commune'),
      running('A-4', 'bai-chay', 'tax'),
    ];
    const asked: string[] = [];
    const marked: string[] = [];

    // Act
    const result = await sweepOverdue({
      now: () => new Date('2025-07-15T02:00:00Z'),
      dossiers: {
        async *pastDue(before) {
          asked.push(before);
          yield* pastDue;
        },
        // A-4 changed since it was read: it is judged again on the next sweep.
        markOverdue: async (d) => {
          if (d.dossierCode === 'A-4') return false;
          marked.push(d.dossierCode);
          return true;
        },
      },
    });

    // Assess
    expect(asked).toEqual(['2025-07-15T09:00:00+07:00']);
    expect(marked).toEqual(['A-1', 'A-2', 'A-3']);
    expect(result).toEqual({
      marked: 3,
      byCenter: { 'hong-gai': 2, 'bai-chay': 1 },
      byAgency: { commune: 2, police: 1 },
    });
  });

  it('leaves what the timeliness rule does not find overdue: not yet past due, or paused before it', async () => {
    // Prepare
    const notYet = { ...running('B-1', 'hong-gai', 'commune'), dueAt: '2025-07-15T10:00:00+07:00' };
    const paused: Dossier = {
      ...running('B-2', 'hong-gai', 'commune'),
      status: 'SUPPLEMENT_REQUESTED',
      pausedAt: '2025-07-15T07:30:00+07:00',
    };
    const marked: string[] = [];

    // Act
    const result = await sweepOverdue({
      now: () => new Date('2025-07-15T02:00:00Z'),
      dossiers: {
        async *pastDue() {
          yield* [notYet, paused, running('B-3', 'bai-chay', 'tax')];
        },
        markOverdue: async (d) => {
          marked.push(d.dossierCode);
          return true;
        },
      },
    });

    // Assess
    expect(marked).toEqual(['B-3']);
    expect(result.marked).toBe(1);
  });

  it('marks nothing when nothing is past due', async () => {
    const result = await sweepOverdue({
      now: () => new Date(),
      dossiers: {
        async *pastDue() {},
        markOverdue: async () => true,
      },
    });
    expect(result).toEqual({ marked: 0, byCenter: {}, byAgency: {} });
  });
});
