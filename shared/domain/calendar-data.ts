import type { YearCalendar } from './calendar.ts';

/**
 * Official days off for civil servants and official make-up working days, as announced by the
 * government each year (docs/domain.md §6.2). Ranges are expanded to every date, inclusive,
 * weekends included. Later years (2027 …) are not announced yet: operators add them as data.
 */
export const OFFICIAL_CALENDARS: YearCalendar[] = [
  {
    year: 2025,
    daysOff: [
      // New Year
      '2025-01-01',
      // Tết (Lunar New Year): 25 Jan – 2 Feb
      '2025-01-25',
      '2025-01-26',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      // Hung Kings' commemoration
      '2025-04-07',
      // Reunification Day and Labour Day: 30 Apr – 4 May
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
      // National Day: 30 Aug – 2 Sep
      '2025-08-30',
      '2025-08-31',
      '2025-09-01',
      '2025-09-02',
    ],
    // Make-up working Saturday
    workingDays: ['2025-04-26'],
  },
  {
    year: 2026,
    daysOff: [
      // New Year: 1 – 4 Jan
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      // Tết (Lunar New Year): 14 – 22 Feb
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      // Hung Kings' commemoration, compensatory day Mon 27 Apr: not yet confirmed, kept as
      // announced: 26 Apr 2026 is a Sunday, so Monday 27 Apr is the day off (docs/domain.md §6.2).
      '2026-04-27',
      // Reunification Day and Labour Day: 30 Apr – 3 May
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      // National Day: 29 Aug – 2 Sep
      '2026-08-29',
      '2026-08-30',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ],
    // Make-up working Saturdays
    workingDays: ['2026-01-10', '2026-08-22'],
  },
];
