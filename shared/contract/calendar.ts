/** The working calendar's years (GET and PUT /v1/calendar/{year}), apart from the catalog's procedures. */
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const IsoDate = withMeta(z.iso.date(), { example: '2027-01-01' });

export const CalendarYearSchema = withMeta(
  z.strictObject({
    daysOff: withMeta(z.array(IsoDate).check(z.maxLength(366)), {
      description: 'Official days off (holidays, compensatory days)',
    }),
    workingDays: withMeta(z._default(z.array(IsoDate).check(z.maxLength(60)), []), {
      description: 'Official make-up working days (Saturdays or Sundays worked)',
    }),
  }),
  { id: 'CalendarYear' },
);

/** The `{year}` of the path: four digits, nothing that merely converts to a number ('0x7EB', '2e3'). */
export const CalendarYearPathSchema = withMeta(
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d{4}$/, 'a year of four digits')), z.transform(Number)),
    z.number().check(z.int(), z.gte(2000), z.lte(2100)),
  ),
  { description: 'A year from 2000 to 2100', example: '2027' },
);

/** GET /v1/calendar/{year}: the stored year, or the statutory holidays of a year not announced. */
export const CalendarYearViewSchema = withMeta(
  z.object({
    year: z.number().check(z.int()),
    daysOff: withMeta(z.array(z.string()), { description: 'Days off, yyyy-MM-dd, in order' }),
    workingDays: withMeta(z.array(z.string()), { description: 'Make-up working days, yyyy-MM-dd' }),
    source: withMeta(z.enum(['ANNOUNCED', 'STATUTORY_ONLY']), {
      description:
        'ANNOUNCED: the year as stored (PUT). STATUTORY_ONLY: no data yet; the clock counts the fixed-date statutory holidays (1 Jan, 30 Apr, 1 May, 1–2 Sep, and a compensatory weekday for one on a weekend), and due dates computed over this year are provisional',
    }),
  }),
  { id: 'CalendarYearView' },
);
