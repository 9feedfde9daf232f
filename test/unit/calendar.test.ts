import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  computeDueAt,
  DEFAULT_OFFICE_HOURS,
  isWorkingDay,
  localDate,
  minutesPerWorkingDay,
  nextWorkingMoment,
  type ProcessingTime,
  provisionalYear,
  resumeDueAt,
  statutoryYear,
  timelinessOf,
  workingCalendar,
  workingMinutesBetween,
} from '#shared/domain/calendar.ts';
import { OFFICIAL_CALENDARS } from '#shared/domain/calendar-data.ts';

const cal = workingCalendar(OFFICIAL_CALENDARS);
const at = (iso: string) => new Date(iso);

const NUM_RUNS = 200;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Default office sessions in minutes since local midnight. */
const SESSIONS = [
  { start: 7 * 60, end: 11 * 60 + 30 },
  { start: 13 * 60 + 30, end: 17 * 60 },
];

/** Local (UTC+7) minutes since midnight, fractional when the instant is not a whole minute. */
const localMinutesOfDay = (instant: Date) =>
  ((((instant.getTime() + 7 * HOUR_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000;

const instantIn2025To2026 = fc.date({
  min: at('2025-01-01T00:00:00+07:00'),
  max: at('2026-12-31T23:59:59.999+07:00'),
  noInvalidDate: true,
});
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const between = (from: Date, to: Date, f: number) =>
  new Date(from.getTime() + Math.floor(f * (to.getTime() - from.getTime())));

describe('official calendar data', () => {
  it('holds 2025 and 2026 with the announced days off and make-up Saturdays', () => {
    // Prepare
    const [y2025, y2026] = OFFICIAL_CALENDARS;

    // Act
    const summary = OFFICIAL_CALENDARS.map((y) => [y.year, y.daysOff.length, y.workingDays]);

    // Assess
    expect(summary).toEqual([
      [2025, 20, ['2025-04-26']],
      [2026, 23, ['2026-01-10', '2026-08-22']],
    ]);
    expect(y2025?.daysOff).toContain('2025-02-02');
    expect(y2026?.daysOff).toContain('2026-04-27');
    expect(y2026?.daysOff).toContain('2026-09-02');
  });
});

describe('localDate and isWorkingDay', () => {
  it('gives the Asia/Ho_Chi_Minh date, which differs from the UTC date after 17:00 UTC', () => {
    // Prepare
    const lateUtc = at('2025-01-24T17:30:00Z');
    const lateLocal = at('2025-01-24T23:30:00+07:00');

    // Act
    const dates = [localDate(lateUtc), localDate(lateLocal)];

    // Assess
    expect(dates).toEqual(['2025-01-25', '2025-01-24']);
  });

  it('treats weekdays as working and weekends as not working', () => {
    // Prepare
    const dates = ['2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10'];

    // Act
    const working = dates.map((d) => isWorkingDay(d, cal));

    // Assess
    expect(working).toEqual([true, false, false, true]);
  });

  it('treats official days off of 2025 as not working and the make-up Saturday 26 Apr 2025 as working', () => {
    // Prepare
    const dates = [
      '2025-01-01',
      '2025-01-27',
      '2025-04-07',
      '2025-05-02',
      '2025-09-01',
      '2025-04-26',
      '2025-04-19',
    ];

    // Act
    const working = dates.map((d) => isWorkingDay(d, cal));

    // Assess
    expect(working).toEqual([false, false, false, false, false, true, false]);
  });

  it('treats 2026 days off as not working and the make-up Saturdays 10 Jan and 22 Aug 2026 as working', () => {
    // Prepare
    const dates = [
      '2026-01-02',
      '2026-02-16',
      '2026-04-27',
      '2026-05-01',
      '2026-09-02',
      '2026-01-10',
      '2026-08-22',
    ];

    // Act
    const working = dates.map((d) => isWorkingDay(d, cal));

    // Assess
    expect(working).toEqual([false, false, false, false, false, true, true]);
  });

  it('keeps the fixed-date statutory holidays in a year missing from the calendar: 1 Jan 2027 is not working', () => {
    // Prepare
    const dates = ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'];

    // Act
    const working = dates.map((d) => isWorkingDay(d, cal));

    // Assess
    expect(working).toEqual([false, false, false, true]);
  });

  it('gives an unloaded year 1 Jan, 30 Apr, 1 May, 1–2 Sep and a compensatory weekday for each one on a weekend', () => {
    // Act
    const y2027 = statutoryYear(2027);
    const y2028 = statutoryYear(2028);

    // Assess: Sat 1 May 2027 → Mon 3 May; 2028: Sat 1 Jan → Mon 3 Jan, Sun 30 Apr → Tue 2 May, Sat 2 Sep → Mon 4 Sep
    expect(y2027).toEqual({
      year: 2027,
      daysOff: ['2027-01-01', '2027-04-30', '2027-05-01', '2027-05-03', '2027-09-01', '2027-09-02'],
      workingDays: [],
    });
    expect(y2028.daysOff).toEqual([
      '2028-01-01',
      '2028-01-03',
      '2028-04-30',
      '2028-05-01',
      '2028-05-02',
      '2028-09-01',
      '2028-09-02',
      '2028-09-04',
    ]);
    expect(['2027-05-03', '2027-09-01', '2027-09-03'].map((d) => isWorkingDay(d, cal))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('rejects a malformed date', () => {
    // Prepare
    const malformed = ['2025-02-30', '2025-1-05', 'yesterday'];

    // Act
    const attempts = malformed.map((d) => () => isWorkingDay(d, cal));

    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});

describe('workingCalendar', () => {
  it('computes the working day length from the default office hours', () => {
    // Prepare
    const hours = DEFAULT_OFFICE_HOURS;

    // Act
    const minutes = minutesPerWorkingDay(hours);

    // Assess
    expect(minutes).toBe(480);
  });

  it('uses custom office hours for both the sessions and the working day length', () => {
    // Prepare
    const halfDays = workingCalendar(OFFICIAL_CALENDARS, { sessions: [{ start: '08:00', end: '12:00' }] });

    // Act
    const due = computeDueAt(at('2025-03-10T13:00:00+07:00'), { days: 1 }, halfDays);

    // Assess
    expect(due).toEqual(at('2025-03-11T12:00:00+07:00'));
  });

  it('rejects inconsistent calendar data and office hours', () => {
    // Prepare
    const bad = [
      () => workingCalendar([{ year: 2025, daysOff: ['2025-04-26'], workingDays: ['2025-04-26'] }]),
      () => workingCalendar([{ year: 2025, daysOff: [], workingDays: ['2025-04-25'] }]),
      () => workingCalendar([{ year: 2025, daysOff: ['2026-01-01'], workingDays: [] }]),
      () => workingCalendar([...OFFICIAL_CALENDARS, { year: 2025, daysOff: [], workingDays: [] }]),
      () => workingCalendar([], { sessions: [] }),
      () => workingCalendar([], { sessions: [{ start: '13:00', end: '12:00' }] }),
      () =>
        workingCalendar([], {
          sessions: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        }),
      () => workingCalendar([], { sessions: [{ start: '7:00', end: '17:00' }] }),
    ];

    // Act
    const attempts = bad;

    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});

describe('nextWorkingMoment', () => {
  it('returns the instant itself within office hours on a working day', () => {
    // Prepare
    const instant = at('2025-03-10T09:15:42+07:00');

    // Act
    const moment = nextWorkingMoment(instant, cal);

    // Assess
    expect(moment).toEqual(instant);
  });

  it('moves a lunch-break instant, including 11:30 itself, to 13:30 the same day', () => {
    // Prepare
    const instants = [at('2025-03-10T11:30:00+07:00'), at('2025-03-10T12:00:00+07:00')];

    // Act
    const moments = instants.map((i) => nextWorkingMoment(i, cal));

    // Assess
    expect(moments).toEqual([at('2025-03-10T13:30:00+07:00'), at('2025-03-10T13:30:00+07:00')]);
  });

  it('moves an instant at or after closing time to 07:00 of the next working day', () => {
    // Prepare
    const instants = [
      at('2025-03-10T17:00:00+07:00'),
      at('2025-03-14T18:00:00+07:00'),
      at('2025-03-10T06:00:00+07:00'),
    ];

    // Act
    const moments = instants.map((i) => nextWorkingMoment(i, cal));

    // Assess
    expect(moments).toEqual([
      at('2025-03-11T07:00:00+07:00'),
      at('2025-03-17T07:00:00+07:00'),
      at('2025-03-10T07:00:00+07:00'),
    ]);
  });
});

describe('computeDueAt', () => {
  it('skips the weekend: 1 day from Friday 14:00 is due Monday 14:00', () => {
    // Prepare
    const receivedAt = at('2025-03-07T14:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 1 }, cal);

    // Assess
    expect(due).toEqual(at('2025-03-10T14:00:00+07:00'));
  });

  it('skips the 2025 Tết block: 1 day from Fri 24 Jan 2025 10:00 is due Mon 3 Feb 2025 10:00', () => {
    // Prepare
    const receivedAt = at('2025-01-24T10:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 1 }, cal);

    // Assess
    expect(due).toEqual(at('2025-02-03T10:00:00+07:00'));
  });

  it('skips the Hung Kings day off Mon 7 Apr 2025', () => {
    // Prepare
    const receivedAt = at('2025-04-04T10:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 1 }, cal);

    // Assess
    expect(due).toEqual(at('2025-04-08T10:00:00+07:00'));
  });

  it('counts the make-up Saturday 26 Apr 2025 as a working day', () => {
    // Prepare
    const receivedAt = at('2025-04-25T10:00:00+07:00');

    // Act
    const dueOneDay = computeDueAt(receivedAt, { days: 1 }, cal);
    const dueTwoDays = computeDueAt(receivedAt, { days: 2 }, cal);

    // Assess
    expect(dueOneDay).toEqual(at('2025-04-26T10:00:00+07:00'));
    expect(dueTwoDays).toEqual(at('2025-04-28T10:00:00+07:00'));
  });

  it('follows the 2026 calendar: New Year, Tết, 27 Apr, National Day and the make-up Saturdays', () => {
    // Prepare
    const cases = [
      ['2025-12-31T10:00:00+07:00', '2026-01-05T10:00:00+07:00'],
      ['2026-01-09T10:00:00+07:00', '2026-01-10T10:00:00+07:00'],
      ['2026-02-13T10:00:00+07:00', '2026-02-23T10:00:00+07:00'],
      ['2026-04-24T10:00:00+07:00', '2026-04-28T10:00:00+07:00'],
      ['2026-08-21T10:00:00+07:00', '2026-08-22T10:00:00+07:00'],
      ['2026-08-28T10:00:00+07:00', '2026-09-03T10:00:00+07:00'],
    ] as const;

    // Act
    const dues = cases.map(([received]) => computeDueAt(at(received), { days: 1 }, cal));

    // Assess
    expect(dues).toEqual(cases.map(([, due]) => at(due)));
  });

  it('counts a receipt after 17:00 from 07:00 of the next working morning', () => {
    // Prepare
    const receivedAt = at('2025-03-10T17:30:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 1 }, cal);

    // Assess
    expect(due).toEqual(at('2025-03-11T17:00:00+07:00'));
  });

  it('counts a receipt in the lunch break from 13:30', () => {
    // Prepare
    const receivedAt = at('2025-03-10T12:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { hours: 2 }, cal);

    // Assess
    expect(due).toEqual(at('2025-03-10T15:30:00+07:00'));
  });

  it('keeps a due moment that lands exactly on closing time at 17:00 rather than the next morning', () => {
    // Prepare
    const receivedAt = at('2025-03-10T07:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 1 }, cal);
    const morningEnd = addWorkingMinutes(receivedAt, 270, cal);

    // Assess
    expect(due).toEqual(at('2025-03-10T17:00:00+07:00'));
    expect(morningEnd).toEqual(at('2025-03-10T11:30:00+07:00'));
  });

  it('with a 15:00 same-day cut-off counts a receipt at 15:00 from the next working day', () => {
    // Prepare
    const time = { days: 1, sameDayCutoff: '15:00' };

    // Act
    const atCutoff = computeDueAt(at('2025-03-10T15:00:00+07:00'), time, cal);
    const beforeCutoff = computeDueAt(at('2025-03-10T14:59:00+07:00'), time, cal);
    const withoutCutoff = computeDueAt(at('2025-03-10T15:00:00+07:00'), { days: 1 }, cal);

    // Assess
    expect(atCutoff).toEqual(at('2025-03-11T17:00:00+07:00'));
    expect(beforeCutoff).toEqual(at('2025-03-11T14:59:00+07:00'));
    expect(withoutCutoff).toEqual(at('2025-03-11T15:00:00+07:00'));
  });

  it('with a same-day cut-off skips days off to the next working day and ignores the cut-off on non-working days', () => {
    // Prepare
    const time = { days: 1, sameDayCutoff: '15:00' };

    // Act
    const beforeTet = computeDueAt(at('2025-01-24T15:30:00+07:00'), time, cal);
    const onSaturday = computeDueAt(at('2025-03-15T16:00:00+07:00'), time, cal);

    // Assess
    expect(beforeTet).toEqual(at('2025-02-03T17:00:00+07:00'));
    expect(onSaturday).toEqual(at('2025-03-17T17:00:00+07:00'));
  });

  it('computes hours-based processing times across session and day boundaries', () => {
    // Prepare
    const cases = [
      ['2025-03-10T10:00:00+07:00', { hours: 4 }, '2025-03-10T16:00:00+07:00'],
      ['2025-03-14T16:00:00+07:00', { hours: 4 }, '2025-03-17T10:00:00+07:00'],
      ['2025-03-10T10:00:00+07:00', { hours: 8 }, '2025-03-11T10:00:00+07:00'],
      ['2025-03-10T10:00:00+07:00', { days: 2, hours: 4 }, '2025-03-12T16:00:00+07:00'],
    ] as const;

    // Act
    const dues = cases.map(([received, time]) => computeDueAt(at(received), time, cal));

    // Assess
    expect(dues).toEqual(cases.map(([, , due]) => at(due)));
  });

  it('same-day: received 09:00 on a working day is due 17:00 that day, never at the receipt', () => {
    // Prepare
    const receivedAt = at('2026-11-26T09:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 0, sameDayCutoff: '15:00' }, cal);
    const noCutoff = computeDueAt(receivedAt, {}, cal);

    // Assess
    expect(due).toEqual(at('2026-11-26T17:00:00+07:00'));
    expect(noCutoff).toEqual(at('2026-11-26T17:00:00+07:00'));
  });

  it('same-day: after the cut-off, after closing or on a day off is due at the close of the next working day', () => {
    // Prepare: Thu 26 Nov 2026; Sat 8 Mar 2025
    const cases: [string, string | undefined, string][] = [
      ['2026-11-26T15:00:00+07:00', '15:00', '2026-11-27T17:00:00+07:00'],
      ['2026-11-26T14:59:00+07:00', '15:00', '2026-11-26T17:00:00+07:00'],
      ['2026-11-26T17:00:00+07:00', undefined, '2026-11-27T17:00:00+07:00'],
      ['2026-11-27T16:00:00+07:00', '15:00', '2026-11-30T17:00:00+07:00'],
      ['2025-03-08T09:00:00+07:00', undefined, '2025-03-10T17:00:00+07:00'],
    ];

    // Act
    const dues = cases.map(([received, cutoff]) =>
      computeDueAt(at(received), { days: 0, ...(cutoff ? { sameDayCutoff: cutoff } : {}) }, cal),
    );

    // Assess
    expect(dues).toEqual(cases.map(([, , due]) => at(due)));
  });

  it('30 working days from Fri 27 Nov 2026 skip 1 Jan 2027 although 2027 is not loaded', () => {
    // Prepare
    const receivedAt = at('2026-11-27T09:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 30 }, cal);

    // Assess: 1 Jan 2027 counted as working would give Fri 8 Jan
    expect(due).toEqual(at('2027-01-11T09:00:00+07:00'));
    expect(provisionalYear(receivedAt, due, cal)).toBe(2027);
    expect(provisionalYear(receivedAt, computeDueAt(receivedAt, { days: 5 }, cal), cal)).toBeUndefined();
  });

  it('counts calendar days and months, moving a due day off to the close of the next working day', () => {
    // Prepare: the 2025–2026 calendar; 2027 only statutory
    const cases: [string, ProcessingTime, string][] = [
      // 15 calendar days from Mon 10 Mar → Tue 25 Mar, at closing time
      ['2025-03-10T10:00:00+07:00', { calendarDays: 15 }, '2025-03-25T17:00:00+07:00'],
      // 5 calendar days from Mon 10 Mar → Sat 15 Mar: off, so Mon 17 Mar
      ['2025-03-10T10:00:00+07:00', { calendarDays: 5 }, '2025-03-17T17:00:00+07:00'],
      // after closing: the count starts on the next working day
      ['2025-03-10T18:00:00+07:00', { calendarDays: 15 }, '2025-03-26T17:00:00+07:00'],
      // 1 month from Fri 31 Jan 2025 (a Tết day: counted from Mon 3 Feb) → Mon 3 Mar
      ['2025-01-31T10:00:00+07:00', { months: 1 }, '2025-03-03T17:00:00+07:00'],
      // 1 month from 31 Mar → 30 Apr (day off), 1–4 May off → Mon 5 May
      ['2025-03-31T10:00:00+07:00', { months: 1 }, '2025-05-05T17:00:00+07:00'],
      // 3 months from 30 Nov 2026 → 28 Feb 2027 (Sunday) → Mon 1 Mar 2027
      ['2026-11-30T08:00:00+07:00', { months: 3 }, '2027-03-01T17:00:00+07:00'],
    ];

    // Act
    const dues = cases.map(([received, time]) => computeDueAt(at(received), time, cal));

    // Assess
    expect(dues).toEqual(cases.map(([, , due]) => at(due)));
  });

  it('adds 60 working days across the Tết block, ending at closing time of the 60th working day', () => {
    // Prepare
    const receivedAt = at('2025-01-02T07:00:00+07:00');

    // Act
    const due = computeDueAt(receivedAt, { days: 60 }, cal);

    // Assess: counting Thu 2 Jan as the first, the 60th working day (Tết weekdays skipped) is Wed 2 Apr
    expect(due).toEqual(at('2025-04-02T17:00:00+07:00'));
    expect(workingMinutesBetween(receivedAt, due, cal)).toBe(60 * 480);
  });

  it('rejects negative or non-finite processing times', () => {
    // Prepare
    const receivedAt = at('2025-03-10T10:00:00+07:00');

    // Act
    const attempts = [
      () => computeDueAt(receivedAt, { days: -1 }, cal),
      () => computeDueAt(receivedAt, { hours: Number.NaN }, cal),
      () => computeDueAt(receivedAt, { days: 1, sameDayCutoff: '3pm' }, cal),
      () => addWorkingMinutes(receivedAt, -5, cal),
      () => addWorkingMinutes(receivedAt, 21 * 366 * 480, cal),
    ];

    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only office hours on working days in [a, b)', () => {
    // Prepare
    const cases = [
      ['2025-03-10T10:00:00+07:00', '2025-03-10T14:00:00+07:00', 120],
      ['2025-03-07T16:00:00+07:00', '2025-03-10T08:00:00+07:00', 120],
      ['2025-01-24T07:00:00+07:00', '2025-02-03T07:00:00+07:00', 480],
      ['2025-03-10T14:00:00+07:00', '2025-03-10T10:00:00+07:00', 0],
    ] as const;

    // Act
    const minutes = cases.map(([a, b]) => workingMinutesBetween(at(a), at(b), cal));

    // Assess
    expect(minutes).toEqual(cases.map(([, , m]) => m));
  });
});

describe('resumeDueAt', () => {
  it('moves the due date by the working time paused', () => {
    // Prepare
    const dueAt = computeDueAt(at('2025-03-03T08:00:00+07:00'), { days: 5 }, cal);
    const pausedAt = at('2025-03-05T08:00:00+07:00');
    const resumedAt = at('2025-03-10T10:00:00+07:00');

    // Act
    const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

    // Assess
    expect(dueAt).toEqual(at('2025-03-10T08:00:00+07:00'));
    expect(newDue).toEqual(at('2025-03-13T10:00:00+07:00'));
  });

  it('leaves the due date unchanged for a pause over a weekend with no working time', () => {
    // Prepare
    const dueAt = at('2025-03-12T15:00:00+07:00');
    const pausedAt = at('2025-03-07T17:30:00+07:00');
    const resumedAt = at('2025-03-10T06:00:00+07:00');

    // Act
    const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

    // Assess
    expect(newDue).toEqual(dueAt);
  });

  it('counts the remaining time again after a supplement over the Tết block', () => {
    // Prepare
    const dueAt = at('2025-01-24T15:00:00+07:00');
    const pausedAt = at('2025-01-24T13:30:00+07:00');
    const resumedAt = at('2025-02-03T10:00:00+07:00');

    // Act
    const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

    // Assess
    expect(newDue).toEqual(at('2025-02-03T11:30:00+07:00'));
  });

  it('with a pause after the due moment leaves no working time', () => {
    // Prepare
    const dueAt = at('2025-03-10T10:00:00+07:00');
    const pausedAt = at('2025-03-11T10:00:00+07:00');
    const resumedAt = at('2025-03-14T18:00:00+07:00');

    // Act
    const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

    // Assess
    expect(newDue).toEqual(at('2025-03-17T07:00:00+07:00'));
  });

  it('rejects a resumption before the pause', () => {
    // Prepare
    const dueAt = at('2025-03-12T15:00:00+07:00');

    // Act
    const attempt = () =>
      resumeDueAt(dueAt, at('2025-03-11T10:00:00+07:00'), at('2025-03-11T09:00:00+07:00'), cal);

    // Assess
    expect(attempt).toThrow(RangeError);
  });
});

describe('timelinessOf', () => {
  const dueAt = at('2025-03-13T10:00:00+07:00');
  const now = at('2025-03-20T10:00:00+07:00');

  it('is EARLY when finished on a local day before the due day', () => {
    // Prepare
    const finishedAt = at('2025-03-12T16:00:00+07:00');

    // Act
    const timeliness = timelinessOf({ dueAt, finishedAt, now });

    // Assess
    expect(timeliness).toBe('EARLY');
  });

  it('compares local dates, not UTC dates, for EARLY', () => {
    // Prepare: both instants fall on 12 Mar in UTC, but on 12 and 13 Mar locally
    const lateEvening = at('2025-03-12T23:30:00+07:00');
    const earlyMorningDue = at('2025-03-13T06:30:00+07:00');

    // Act
    const timeliness = timelinessOf({ dueAt: earlyMorningDue, finishedAt: lateEvening, now });

    // Assess
    expect(timeliness).toBe('EARLY');
  });

  it('is ON_TIME when finished on the due day by the due moment, inclusive', () => {
    // Prepare
    const finishes = [at('2025-03-13T08:00:00+07:00'), at('2025-03-13T10:00:00+07:00')];

    // Act
    const timeliness = finishes.map((finishedAt) => timelinessOf({ dueAt, finishedAt, now }));

    // Assess
    expect(timeliness).toEqual(['ON_TIME', 'ON_TIME']);
  });

  it('is LATE when finished after the due moment', () => {
    // Prepare
    const finishedAt = at('2025-03-13T10:01:00+07:00');

    // Act
    const timeliness = timelinessOf({ dueAt, finishedAt, now });

    // Assess
    expect(timeliness).toBe('LATE');
  });

  it('is OVERDUE when unfinished past the due moment and undefined otherwise', () => {
    // Prepare
    const nows = [
      at('2025-03-13T10:01:00+07:00'),
      at('2025-03-13T10:00:00+07:00'),
      at('2025-03-13T09:00:00+07:00'),
    ];

    // Act
    const timeliness = nows.map((n) => timelinessOf({ dueAt, now: n }));

    // Assess
    expect(timeliness).toEqual(['OVERDUE', undefined, undefined]);
  });

  it('is undefined without a due moment', () => {
    // Prepare
    const finishedAt = at('2025-03-13T10:01:00+07:00');

    // Act
    const timeliness = [timelinessOf({ dueAt: undefined, finishedAt, now }), timelinessOf({ now })];

    // Assess
    expect(timeliness).toEqual([undefined, undefined]);
  });
});

describe('working-day clock properties (2025–2026)', () => {
  const processingTime = fc.record({
    days: fc.integer({ min: 0, max: 60 }),
    hours: fc.integer({ min: 0, max: 8 }),
    sameDayCutoff: fc.option(fc.constantFrom('11:00', '15:00', '16:30'), { nil: undefined }),
  });

  it('computeDueAt lands on a working day within office hours (session boundaries inclusive)', () => {
    // Prepare
    const property = fc.property(instantIn2025To2026, processingTime, (receivedAt, time) => {
      // Act
      const due = computeDueAt(receivedAt, time, cal);

      // Assess
      const minutes = localMinutesOfDay(due);
      expect(isWorkingDay(localDate(due), cal)).toBe(true);
      expect(SESSIONS.some((s) => s.start <= minutes && minutes <= s.end)).toBe(true);
    });

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('more processing days never give an earlier due date', () => {
    // Prepare
    const property = fc.property(
      instantIn2025To2026,
      processingTime,
      fc.integer({ min: 0, max: 30 }),
      (receivedAt, time, extraDays) => {
        // Act
        const due = computeDueAt(receivedAt, time, cal);
        const later = computeDueAt(receivedAt, { ...time, days: time.days + extraDays }, cal);

        // Assess
        expect(later.getTime()).toBeGreaterThanOrEqual(due.getTime());
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('pausing and resuming at the same instant leaves the due date unchanged', () => {
    // Prepare
    const property = fc.property(
      instantIn2025To2026,
      fc.integer({ min: 1, max: 30 }),
      fraction,
      (receivedAt, days, f) => {
        const dueAt = computeDueAt(receivedAt, { days }, cal);
        const pausedAt = between(receivedAt, dueAt, f);

        // Act
        const newDue = resumeDueAt(dueAt, pausedAt, pausedAt, cal);

        // Assess
        expect(newDue).toEqual(dueAt);
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('pausing over a span with no working time leaves the due date unchanged', () => {
    // Prepare
    const property = fc.property(
      instantIn2025To2026,
      fc.integer({ min: 1, max: 30 }),
      fraction,
      fc.double({ min: 0, max: 1, noNaN: true }),
      (receivedAt, days, f, g) => {
        const dueAt = computeDueAt(receivedAt, { days }, cal);
        const pausedAt = between(receivedAt, dueAt, f);
        const resumedAt = new Date(
          pausedAt.getTime() +
            Math.floor(g * (nextWorkingMoment(pausedAt, cal).getTime() - pausedAt.getTime())),
        );

        // Act
        const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

        // Assess
        expect(workingMinutesBetween(pausedAt, resumedAt, cal)).toBe(0);
        expect(newDue).toEqual(dueAt);
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('a pause keeps the remaining working time: after resuming, the same working time is left', () => {
    // Prepare
    const property = fc.property(
      instantIn2025To2026,
      fc.integer({ min: 0, max: 30 }),
      fc.double({ min: 0, max: 1.2, noNaN: true }),
      fc.integer({ min: 0, max: 30 * DAY_MS }),
      (receivedAt, days, f, pauseMs) => {
        const dueAt = computeDueAt(receivedAt, { days }, cal);
        const pausedAt = between(receivedAt, dueAt, f);
        const resumedAt = new Date(pausedAt.getTime() + pauseMs);

        // Act
        const newDue = resumeDueAt(dueAt, pausedAt, resumedAt, cal);

        // Assess
        expect(workingMinutesBetween(nextWorkingMoment(resumedAt, cal), newDue, cal)).toBe(
          workingMinutesBetween(pausedAt, dueAt, cal),
        );
        expect(newDue.getTime()).toBeGreaterThanOrEqual(resumedAt.getTime());
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('addWorkingMinutes and workingMinutesBetween are inverse from a working moment', () => {
    // Prepare
    const property = fc.property(
      instantIn2025To2026,
      fc.integer({ min: 0, max: 60 * 480 }),
      (instant, minutes) => {
        const start = nextWorkingMoment(instant, cal);

        // Act
        const end = addWorkingMinutes(start, minutes, cal);

        // Assess
        expect(workingMinutesBetween(start, end, cal)).toBe(minutes);
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });

  it('nextWorkingMoment is idempotent and never goes back in time', () => {
    // Prepare
    const property = fc.property(instantIn2025To2026, (instant) => {
      // Act
      const moment = nextWorkingMoment(instant, cal);

      // Assess
      expect(moment.getTime()).toBeGreaterThanOrEqual(instant.getTime());
      expect(nextWorkingMoment(moment, cal)).toEqual(moment);
      expect(workingMinutesBetween(instant, moment, cal)).toBe(0);
    });

    // Act + Assess
    fc.assert(property, { numRuns: NUM_RUNS });
  });
});

describe('calendar refusals', () => {
  // These messages reach clients: PUT /v1/calendar/{year} answers them as the problem's detail.
  it('name what is wrong with a calendar year or office hours', () => {
    const refusals: [() => unknown, RegExp][] = [
      [
        () => workingCalendar([{ year: 2025.5, daysOff: [], workingDays: [] }]),
        /^invalid calendar year 2025.5$/,
      ],
      [
        () => workingCalendar([...OFFICIAL_CALENDARS, { year: 2025, daysOff: [], workingDays: [] }]),
        /^calendar year 2025 given twice$/,
      ],
      [
        () => workingCalendar([{ year: 2025, daysOff: ['2026-01-01'], workingDays: [] }]),
        /^date 2026-01-01 is not in calendar year 2025$/,
      ],
      [
        () => workingCalendar([{ year: 2025, daysOff: [], workingDays: ['2025-04-25'] }]),
        /^make-up working day 2025-04-25 is not a Saturday or Sunday$/,
      ],
      [
        () => workingCalendar([{ year: 2025, daysOff: ['2025-04-26'], workingDays: ['2025-04-26'] }]),
        /^date 2025-04-26 is both a day off and a working day$/,
      ],
      [
        () => workingCalendar([{ year: 2025, daysOff: ['2025-1-05'], workingDays: [] }]),
        /^invalid date 2025-1-05, expected yyyy-MM-dd$/,
      ],
      [() => workingCalendar([], { sessions: [] }), /^office hours need at least one session$/],
      [
        () => workingCalendar([], { sessions: [{ start: '13:00', end: '12:00' }] }),
        /^office session 13:00–12:00 is empty$/,
      ],
      [
        () =>
          workingCalendar([], {
            sessions: [
              { start: '07:00', end: '12:00' },
              { start: '11:00', end: '17:00' },
            ],
          }),
        /^office session 11:00–17:00 overlaps or is out of order$/,
      ],
      [
        () => workingCalendar([], { sessions: [{ start: '7:00', end: '17:00' }] }),
        /^invalid time 7:00, expected HH:mm$/,
      ],
    ];
    for (const [attempt, message] of refusals) expect(attempt).toThrow(message);
  });

  it('read a time of day whole: nothing before or after HH:mm, up to 24:00 exactly', () => {
    for (const time of ['x07:00', '07:00x', '24:30', '25:00', '07:60']) {
      expect(() => workingCalendar([], { sessions: [{ start: time, end: '24:00' }] }), time).toThrow(
        /^invalid time/,
      );
    }
    expect(() =>
      computeDueAt(at('2025-03-10T10:00:00+07:00'), { days: 1, sameDayCutoff: '15:00x' }, cal),
    ).toThrow(/^invalid time 15:00x/);
    // An evening session up to midnight is a valid office session.
    expect(minutesPerWorkingDay({ sessions: [{ start: '20:00', end: '24:00' }] })).toBe(240);
  });

  it('name what is wrong with a processing time, a pause or an instant', () => {
    const receivedAt = at('2025-03-10T10:00:00+07:00');
    const refusals: [() => unknown, RegExp][] = [
      [() => computeDueAt(receivedAt, { days: -1 }, cal), /^invalid processing days -1$/],
      [() => computeDueAt(receivedAt, { days: Number.NaN }, cal), /^invalid processing days NaN$/],
      [() => computeDueAt(receivedAt, { hours: -1 }, cal), /^invalid processing hours -1$/],
      [
        () => computeDueAt(receivedAt, { hours: Number.POSITIVE_INFINITY }, cal),
        /^invalid processing hours Infinity$/,
      ],
      [() => addWorkingMinutes(receivedAt, -5, cal), /^invalid working minutes -5$/],
      [() => addWorkingMinutes(receivedAt, 21 * 366 * 480, cal), /runs past the 7320-day safety bound$/],
      [
        () => resumeDueAt(at('2025-03-12T15:00:00+07:00'), receivedAt, at('2025-03-10T09:00:00+07:00'), cal),
        /^resumed at 2025-03-10T02:00:00.000Z before paused at 2025-03-10T03:00:00.000Z$/,
      ],
      [() => computeDueAt(new Date('not a date'), { days: 1 }, cal), /^invalid date$/],
    ];
    for (const [attempt, message] of refusals) expect(attempt).toThrow(message);
  });

  it('take sessions that touch, and refuse one that starts where it ends', () => {
    expect(
      minutesPerWorkingDay({
        sessions: [
          { start: '06:59', end: '12:00' },
          { start: '12:00', end: '17:00' },
        ],
      }),
    ).toBe(601);
    expect(() => workingCalendar([], { sessions: [{ start: '12:00', end: '12:00' }] })).toThrow(
      /^office session 12:00–12:00 is empty$/,
    );
  });
});
