/**
 * A procedure as stored and shown (PUT and GET /v1/procedures/{code}, the catalog import's rows),
 * apart from shared/contract/catalog.ts: a function builds every schema of the contract modules
 * it imports at its cold start, and most catalog functions need one or two of them.
 */
import type { Procedure } from '#shared/domain/catalog.ts';
import { AgencyIdSchema, ProcedureCodeSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const UnitKindSchema = z.enum(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']);

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

// The contract maps onto the domain's own type: a schema whose output stops fitting fails to compile.
ProcedureSchema satisfies z.ZodMiniType<Procedure>;
