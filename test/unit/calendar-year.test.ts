import { describe, expect, it } from 'vitest';
import { CALENDARS } from '#shared/config/seed-catalog.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { recomputeDue } from '#shared/domain/due-recompute.ts';
import { getCalendarYear, recomputeProvisionalDueDates } from '#shared/use-cases/calendar-year.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

/** 2027 as a government might announce it: Tết 5–11 Feb, and 4 Jan as a bridge day. */
const Y2027 = {
  year: 2027,
  daysOff: ['2027-01-01', '2027-01-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  workingDays: [],
};
const before = workingCalendar(CALENDARS);
const after = workingCalendar([...CALENDARS, Y2027]);
const NOW = new Date('2026-12-01T09:00:00+07:00');

function dossier(code: string, overrides: Partial<Dossier> = {}): Dossier {
  return {
    dossierCode: code,
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    centerId: 'hong-gai',
    competentUnitId: 'hong-gai-pc',
    agencyId: 'commune',
    category: 'OWN_AUTHORITY',
    channel: 'DIRECT',
    status: 'IN_PROGRESS',
    version: 2,
    submittedAt: '2026-11-27T09:00:00+07:00',
    receivedAt: '2026-11-27T09:00:00+07:00',
    // 30 working days on the 2025–2026 data with 2027 statutory only.
    dueAt: '2027-01-11T09:00:00+07:00',
    calendarProvisional: true,
    applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Hồng Gai' },
    summary: 'Đăng ký khai sinh',
    documents: [],
    resultDelivery: 'COUNTER',
    processing: { days: 30 },
    submittedBy: 'local-center-hong-gai',
    routedTo: ['commune'],
    ...overrides,
  };
}

const event = (version: number, action: string, at: string): TimelineEvent => ({
  at,
  action,
  actor: 'x',
  toStatus: 'IN_PROGRESS',
  version,
});

describe('recomputeDue', () => {
  it('rebuilds the due date on the new calendar and drops the flag', () => {
    // Act
    const next = recomputeDue(dossier('A'), [], after, NOW);

    // Assess: 4 Jan 2027 is now off as well
    expect(next.dueAt).toBe('2027-01-12T09:00:00+07:00');
    expect(next).not.toHaveProperty('calendarProvisional');
    expect(recomputeDue(dossier('A'), [], before, NOW)).toMatchObject({
      dueAt: '2027-01-11T09:00:00+07:00',
      calendarProvisional: true,
    });
  });

  it('replays the supplement pauses of the history, as the lifecycle moved the due date', () => {
    // Prepare: paused Tue 1 Dec 09:00, supplied Thu 3 Dec 09:00: two working days more
    const history = [
      event(2, 'START', '2026-11-27T10:00:00+07:00'),
      event(3, 'REQUEST_SUPPLEMENT', '2026-12-01T09:00:00+07:00'),
      event(4, 'SUPPLEMENT', '2026-12-03T09:00:00+07:00'),
    ];

    // Act
    const next = recomputeDue(dossier('A', { version: 4 }), history, after, NOW);

    // Assess
    expect(next.dueAt).toBe('2027-01-14T09:00:00+07:00');
  });

  it('lifts an OVERDUE mark the new due date no longer justifies', () => {
    // Act
    const next = recomputeDue(
      dossier('A', { timeliness: 'OVERDUE' }),
      [],
      after,
      new Date('2027-01-11T12:00:00+07:00'),
    );

    // Assess
    expect(next).not.toHaveProperty('timeliness');
  });
});

describe('recomputeProvisionalDueDates', () => {
  it('recomputes the open provisional dossiers due in the year, and no others', async () => {
    // Prepare
    const store = memoryDossierStore([
      dossier('A'),
      dossier('B', { dueAt: '2028-01-11T09:00:00+07:00' }),
      dossier('C', { calendarProvisional: undefined }),
      dossier('D', { status: 'RESOLVED', finishedAt: '2026-12-01T09:00:00+07:00' }),
    ]);

    // Act
    const result = await recomputeProvisionalDueDates(
      { dossiers: store, calendar: after, now: () => NOW },
      2027,
    );

    // Assess
    expect(result).toEqual({ recomputed: 1, stillProvisional: 0 });
    expect(store.dossiers.get('A')).toMatchObject({ dueAt: '2027-01-12T09:00:00+07:00', version: 2 });
    expect(store.dossiers.get('A')).not.toHaveProperty('calendarProvisional');
    expect(store.dossiers.get('B')?.calendarProvisional).toBe(true);
    expect(store.dossiers.get('D')?.calendarProvisional).toBe(true);
  });

  it('keeps the flag on a due date that now rests on a later unloaded year', async () => {
    // Prepare: 14 months from 27 Nov 2026 end in 2028, which is still not loaded
    const store = memoryDossierStore([
      dossier('A', { processing: { months: 14 }, dueAt: '2027-12-31T17:00:00+07:00' }),
    ]);

    // Act
    const result = await recomputeProvisionalDueDates(
      { dossiers: store, calendar: after, now: () => NOW },
      2027,
    );

    // Assess
    expect(result).toEqual({ recomputed: 1, stillProvisional: 1 });
    expect(store.dossiers.get('A')).toMatchObject({
      dueAt: '2028-01-27T17:00:00+07:00',
      calendarProvisional: true,
    });
  });
});

describe('getCalendarYear', () => {
  it('returns the stored year as announced, or the statutory-only default marked as such', async () => {
    // Prepare
    const deps = { calendarYear: async (year: number) => (year === 2027 ? Y2027 : undefined) };

    // Act
    const announced = await getCalendarYear(deps, 2027);
    const statutory = await getCalendarYear(deps, 2029);

    // Assess
    expect(announced).toEqual({ ...Y2027, source: 'ANNOUNCED' });
    expect(statutory).toEqual({
      year: 2029,
      daysOff: [
        '2029-01-01',
        '2029-04-30',
        '2029-05-01',
        '2029-09-01',
        '2029-09-02',
        '2029-09-03',
        '2029-09-04',
      ],
      workingDays: [],
      source: 'STATUTORY_ONLY',
    });
  });
});
