import * as z from 'zod';
import type { Agency, Center, Procedure, Unit } from '#shared/domain/catalog.ts';
import { text } from './text.ts';

export const UnitKindSchema = z.enum(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']);
export const AgencyIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/)
  .meta({ description: 'Agency system id; one fan-out queue each', example: 'land-registry' });

export const CenterSchema = z
  .object({
    centerId: z.string().meta({ example: 'hong-gai' }),
    name: z.string(),
    unitId: z.string().meta({ description: "The center's own commune/ward People's Committee unit" }),
    unitCode: z.string().meta({ description: 'Electronic identifier used in dossier codes' }),
  })
  .meta({ id: 'Center' });

export const UnitSchema = z
  .object({
    unitId: z.string(),
    name: z.string(),
    kind: UnitKindSchema,
    agencyId: AgencyIdSchema,
    unitCode: z.string(),
  })
  .meta({ id: 'Unit' });

export const AgencySchema = z.object({ agencyId: AgencyIdSchema, name: z.string() }).meta({ id: 'Agency' });

export const ProcedureCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/, 'a procedure code: up to 40 letters, digits, dots and dashes')
  .meta({ example: '1.001193' });

export const ProcedureDocumentSchema = z.object({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  nameEn: text({ max: 1000, min: 0 }).optional(),
  mandatory: z.boolean(),
});

export const ProcedureFeeSchema = z.object({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  amount: z.number().int().nonnegative().meta({ description: 'VND' }),
  amountKnown: z.boolean().optional().meta({
    description: 'false where the amount is not published centrally (set by the provincial council)',
  }),
});

export const ProcedureSchema = z
  .object({
    code: ProcedureCodeSchema,
    name: text({ max: 1000 }),
    nameEn: text({ max: 1000, min: 0 }).optional(),
    field: text({ max: 200, min: 0 }).optional(),
    level: z.enum(['PROVINCIAL', 'COMMUNE']),
    competentUnitKind: UnitKindSchema,
    agencyId: AgencyIdSchema,
    defaultCompetentUnitId: text({ max: 64 })
      .optional()
      .meta({ description: 'Competent unit when a submission names none (non-commune procedures)' }),
    processingDays: z.number().int().nonnegative().max(365).meta({
      description: 'The statutory time in processingUnit: working days (8 office hours each) by default',
    }),
    processingUnit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'MONTHS']).optional().meta({
      description:
        'How processingDays counts (default WORKING_DAYS). Calendar days and months ignore the working calendar; a due day off moves to the next working day’s close. Hours: processingHours',
    }),
    processingHours: z.number().int().positive().max(2000).optional().meta({
      description:
        'Working hours, for procedures whose statutory time is given in hours; added to processingDays',
    }),
    sameDayCutoff: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional()
      .meta({
        description: "Local time after which a receipt counts from the next working day ('15:00')",
        example: '15:00',
      }),
    onlineLevel: z.enum(['FULL', 'PARTIAL', 'NONE']),
    documents: z.array(ProcedureDocumentSchema).max(100),
    fees: z.array(ProcedureFeeSchema).max(50),
    source: text({ max: 2000, min: 0 }).optional(),
    defaults: z
      .array(text({ max: 100 }))
      .max(50)
      .optional()
      .meta({ description: 'Fields that hold placeholder values because no official value was found' }),
  })
  .meta({ id: 'Procedure' });

// The contract maps onto the domain's own types: a schema whose output stops fitting fails to compile.
CenterSchema satisfies z.ZodType<Center>;
UnitSchema satisfies z.ZodType<Unit>;
AgencySchema satisfies z.ZodType<Agency>;
ProcedureSchema satisfies z.ZodType<Procedure>;

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item) }).meta({ id });

export const ProcedureListQuerySchema = z.strictObject({
  level: z.enum(['PROVINCIAL', 'COMMUNE']).optional(),
  agencyId: AgencyIdSchema.optional(),
  q: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Words of the name or code, accents ignored' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const ProcedurePageSchema = z
  .object({ items: z.array(ProcedureSchema), nextCursor: z.string().optional() })
  .meta({ id: 'ProcedurePage' });

const IsoDate = z.iso.date().meta({ example: '2027-01-01' });

export const CalendarYearSchema = z
  .strictObject({
    daysOff: z
      .array(IsoDate)
      .max(366)
      .meta({ description: 'Official days off (holidays, compensatory days)' }),
    workingDays: z
      .array(IsoDate)
      .max(60)
      .default([])
      .meta({ description: 'Official make-up working days (Saturdays or Sundays worked)' }),
  })
  .meta({ id: 'CalendarYear' });

/** The `{year}` of the path: four digits, nothing that merely converts to a number ('0x7EB', '2e3'). */
export const CalendarYearPathSchema = z
  .string()
  .regex(/^\d{4}$/, 'a year of four digits')
  .transform(Number)
  .pipe(z.number().int().min(2000).max(2100))
  .meta({ description: 'A year from 2000 to 2100', example: '2027' });

/** GET /v1/calendar/{year}: the stored year, or the statutory holidays of a year not announced. */
export const CalendarYearViewSchema = z
  .object({
    year: z.number().int(),
    daysOff: z.array(z.string()).meta({ description: 'Days off, yyyy-MM-dd, in order' }),
    workingDays: z.array(z.string()).meta({ description: 'Make-up working days, yyyy-MM-dd' }),
    source: z.enum(['ANNOUNCED', 'STATUTORY_ONLY']).meta({
      description:
        'ANNOUNCED: the year as stored (PUT). STATUTORY_ONLY: no data yet; the clock counts the fixed-date statutory holidays (1 Jan, 30 Apr, 1 May, 1–2 Sep, and a compensatory weekday for one on a weekend), and due dates computed over this year are provisional',
    }),
  })
  .meta({ id: 'CalendarYearView' });
