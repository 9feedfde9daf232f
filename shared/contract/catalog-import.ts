/**
 * Catalog import (docs/domain.md, bulk data): the rows of an import file, in the shape of the
 * national portal's published records (shared/config/seed/procedures-sample.json: `name_vi`,
 * `name_en`, `amount_vnd`, `null` where a fact is unknown), and the admin bulk route's body.
 */
import { ProcedureSchema } from './procedure.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const nullableText = z.nullish(z.string().check(z.maxLength(2000)));

/** One published procedure record; unknown columns (notes, sources, confidence) are ignored. */
export const PublishedProcedureSchema = z.object({
  code: z.nullable(z.string().check(z.maxLength(40))),
  name_vi: z.string().check(z.minLength(1), z.maxLength(1000)),
  name_en: nullableText,
  field: z.string().check(z.minLength(1), z.maxLength(200)),
  level: z.enum(['PROVINCIAL', 'COMMUNE']),
  competentUnitKind: z.enum(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']),
  agencyId: z.string().check(z.minLength(1), z.maxLength(40)),
  defaultCompetentUnitId: z.nullish(z.string().check(z.maxLength(64))),
  processingDays: z.nullable(z.number().check(z.int(), z.nonnegative(), z.lte(365))),
  processingUnit: z.nullish(z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'MONTHS'])),
  processingHours: z.nullish(z.number().check(z.int(), z.positive(), z.lte(2000))),
  sameDayCutoff: z.nullish(z.string()),
  onlineLevel: z.nullable(z.enum(['FULL', 'PARTIAL'])),
  documents: z
    .array(
      z.object({
        name_vi: z.string().check(z.minLength(1), z.maxLength(1000)),
        name_en: nullableText,
        mandatory: z.boolean(),
      }),
    )
    .check(z.maxLength(100)),
  fees: z
    .array(
      z.object({
        name_vi: z.string().check(z.minLength(1), z.maxLength(1000)),
        amount_vnd: z.nullable(z.number().check(z.int(), z.nonnegative())),
      }),
    )
    .check(z.maxLength(50)),
  source: nullableText,
});
export type PublishedProcedure = z.output<typeof PublishedProcedureSchema>;

/** Rows per request of the bulk route. */
export const IMPORT_BATCH_ROWS = 500;

export const ProcedureImportRequestSchema = withMeta(
  z.strictObject({
    procedures: z
      .array(z.catchall(ProcedureSchema, z.never()))
      .check(z.minLength(1), z.maxLength(IMPORT_BATCH_ROWS)),
    dryRun: withMeta(z._default(z.boolean(), false), {
      description: 'Check every row and count, write nothing',
    }),
  }),
  { id: 'ProcedureImportRequest' },
);

export const ProcedureImportResultSchema = withMeta(
  z.object({
    created: z.number().check(z.int()),
    replaced: z.number().check(z.int()),
    unchanged: withMeta(z.number().check(z.int()), {
      description: 'Rows equal to what is stored: not written again',
    }),
    dryRun: z.boolean(),
  }),
  { id: 'ProcedureImportResult' },
);
