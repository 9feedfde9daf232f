import type { Agency, Center, Procedure, Unit } from '#shared/domain/catalog.ts';
import { AgencyIdSchema, ProcedureCodeSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

// In a module of their own so that the dossier contract does not build the catalog's schemas.
export { AgencyIdSchema, ProcedureCodeSchema } from './identifiers.ts';

export const UnitKindSchema = z.enum(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']);

export const CenterSchema = withMeta(
  z.object({
    centerId: withMeta(z.string(), { example: 'hong-gai' }),
    name: z.string(),
    unitId: withMeta(z.string(), { description: "The center's own commune/ward People's Committee unit" }),
    unitCode: withMeta(z.string(), { description: 'Electronic identifier used in dossier codes' }),
  }),
  { id: 'Center' },
);

export const UnitSchema = withMeta(
  z.object({
    unitId: z.string(),
    name: z.string(),
    kind: UnitKindSchema,
    agencyId: AgencyIdSchema,
    unitCode: z.string(),
  }),
  { id: 'Unit' },
);

export const AgencySchema = withMeta(z.object({ agencyId: AgencyIdSchema, name: z.string() }), {
  id: 'Agency',
});

export const ProcedureDocumentSchema = z.object({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  nameEn: z.optional(text({ max: 1000, min: 0 })),
  mandatory: z.boolean(),
});

export const ProcedureFeeSchema = z.object({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  amount: withMeta(z.number().check(z.int(), z.nonnegative()), { description: 'VND' }),
  amountKnown: withMeta(z.optional(z.boolean()), {
    description: 'false where the amount is not published centrally (set by the provincial council)',
  }),
});

export const ProcedureSchema = withMeta(
  z.object({
    code: ProcedureCodeSchema,
    name: text({ max: 1000 }),
    nameEn: z.optional(text({ max: 1000, min: 0 })),
    field: z.optional(text({ max: 200, min: 0 })),
    level: z.enum(['PROVINCIAL', 'COMMUNE']),
    competentUnitKind: UnitKindSchema,
    agencyId: AgencyIdSchema,
    defaultCompetentUnitId: withMeta(z.optional(text({ max: 64 })), {
      description: 'Competent unit when a submission names none (non-commune procedures)',
    }),
    processingDays: withMeta(z.number().check(z.int(), z.nonnegative(), z.lte(365)), {
      description: 'The statutory time in processingUnit: working days (8 office hours each) by default',
    }),
    processingUnit: withMeta(z.optional(z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'MONTHS'])), {
      description:
        'How processingDays counts (default WORKING_DAYS). Calendar days and months ignore the working calendar; a due day off moves to the next working day’s close. Hours: processingHours',
    }),
    processingHours: withMeta(z.optional(z.number().check(z.int(), z.positive(), z.lte(2000))), {
      description:
        'Working hours, for procedures whose statutory time is given in hours; added to processingDays',
    }),
    sameDayCutoff: withMeta(z.optional(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/))), {
      description: "Local time after which a receipt counts from the next working day ('15:00')",
      example: '15:00',
    }),
    onlineLevel: z.enum(['FULL', 'PARTIAL', 'NONE']),
    documents: z.array(ProcedureDocumentSchema).check(z.maxLength(100)),
    fees: z.array(ProcedureFeeSchema).check(z.maxLength(50)),
    source: z.optional(text({ max: 2000, min: 0 })),
    defaults: withMeta(z.optional(z.array(text({ max: 100 })).check(z.maxLength(50))), {
      description: 'Fields that hold placeholder values because no official value was found',
    }),
  }),
  { id: 'Procedure' },
);

// The contract maps onto the domain's own types: a schema whose output stops fitting fails to compile.
CenterSchema satisfies z.ZodMiniType<Center>;
UnitSchema satisfies z.ZodMiniType<Unit>;
AgencySchema satisfies z.ZodMiniType<Agency>;
ProcedureSchema satisfies z.ZodMiniType<Procedure>;

export const listOf = <T extends z.ZodMiniType>(item: T, id: string) =>
  withMeta(z.object({ items: z.array(item) }), { id });

export const ProcedureListQuerySchema = z.strictObject({
  level: z.optional(z.enum(['PROVINCIAL', 'COMMUNE'])),
  agencyId: z.optional(AgencyIdSchema),
  q: withMeta(z.optional(z.string().check(z.minLength(1), z.maxLength(200))), {
    description: 'Words of the name or code, accents ignored',
  }),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});

export const ProcedurePageSchema = withMeta(
  z.object({ items: z.array(ProcedureSchema), nextCursor: z.optional(z.string()) }),
  { id: 'ProcedurePage' },
);

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
