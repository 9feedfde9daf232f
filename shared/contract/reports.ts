/** The reports of the contract (docs/api.md §7): queries and the shapes returned. */
import { MONTH_PATTERN } from '#shared/domain/reports.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const CenterId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a center id such as hong-gai'));
const Month = withMeta(z.string().check(z.regex(MONTH_PATTERN, 'a month as yyyy-MM')), {
  example: '2025-07',
});

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MonthlyReportQuerySchema = z.strictObject({
  centerId: withMeta(z.optional(CenterId), { description: 'Omitted (admin only): the whole province' }),
  month: Month,
  format: withMeta(z.optional(z.enum(REPORT_FORMATS)), {
    description: 'Instead of an Accept header: csv or xlsx return the report as a file',
  }),
});

export const IndicatorsQuerySchema = z.strictObject({
  centerId: withMeta(z.optional(CenterId), { description: 'Omitted (admin only): the whole province' }),
  month: Month,
});

const Count = z.number().check(z.int());

export const MonthlyReportSchema = withMeta(
  z.object({
    centerId: z.optional(z.string()),
    month: z.string(),
    received: z.object({
      total: Count,
      ownAuthority: Count,
      boundaryFree: Count,
      centerHandled: Count,
      vertical: Count,
      byAgency: z.record(z.string(), Count),
    }),
    online: z.object({
      count: Count,
      base: Count,
      rate: withMeta(z.number(), { description: 'count / base, 3 decimals' }),
    }),
    byChannel: z.object({ ONLINE: Count, DIRECT: Count, POSTAL: Count }),
    timeliness: z.object({
      finished: Count,
      early: Count,
      onTime: Count,
      late: Count,
      inProgress: Count,
      overdue: Count,
    }),
  }),
  { id: 'MonthlyReport' },
);

export const IndicatorReportSchema = withMeta(
  z.object({
    centerId: z.optional(z.string()),
    month: z.string(),
    indicators: z.array(
      z.object({
        id: withMeta(z.string(), { example: '2.1' }),
        name: z.string(),
        group: z.string(),
        numerator: z.number(),
        denominator: z.number(),
        rate: z.number(),
        score: z.number(),
        maxScore: z.number(),
      }),
    ),
    groups: z.array(z.object({ group: z.string(), score: z.number(), maxScore: z.number() })),
    total: z.object({ score: z.number(), maxScore: z.number() }),
  }),
  { id: 'IndicatorReport' },
);
