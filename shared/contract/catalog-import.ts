/**
 * Catalog import (docs/domain.md, bulk data): the rows of an import file, in the shape of the
 * national portal's published records (shared/config/seed/procedures-sample.json: `name_vi`,
 * `name_en`, `amount_vnd`, `null` where a fact is unknown), and the admin bulk route's body.
 */
import * as z from 'zod';
import { ProcedureSchema } from './catalog.ts';

const nullableText = z.string().max(2000).nullish();

/** One published procedure record; unknown columns (notes, sources, confidence) are ignored. */
export const PublishedProcedureSchema = z.object({
  code: z.string().max(40).nullable(),
  name_vi: z.string().min(1).max(1000),
  name_en: nullableText,
  field: z.string().min(1).max(200),
  level: z.enum(['PROVINCIAL', 'COMMUNE']),
  competentUnitKind: z.enum(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']),
  agencyId: z.string().min(1).max(40),
  defaultCompetentUnitId: z.string().max(64).nullish(),
  processingDays: z.number().int().nonnegative().max(365).nullable(),
  processingUnit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS', 'MONTHS']).nullish(),
  processingHours: z.number().int().positive().max(2000).nullish(),
  sameDayCutoff: z.string().nullish(),
  onlineLevel: z.enum(['FULL', 'PARTIAL']).nullable(),
  documents: z
    .array(z.object({ name_vi: z.string().min(1).max(1000), name_en: nullableText, mandatory: z.boolean() }))
    .max(100),
  fees: z
    .array(
      z.object({
        name_vi: z.string().min(1).max(1000),
        amount_vnd: z.number().int().nonnegative().nullable(),
      }),
    )
    .max(50),
  source: nullableText,
});
export type PublishedProcedure = z.output<typeof PublishedProcedureSchema>;

/** Rows per request of the bulk route. */
export const IMPORT_BATCH_ROWS = 500;

export const ProcedureImportRequestSchema = z
  .strictObject({
    procedures: z.array(ProcedureSchema.strict()).min(1).max(IMPORT_BATCH_ROWS),
    dryRun: z.boolean().default(false).meta({ description: 'Check every row and count, write nothing' }),
  })
  .meta({ id: 'ProcedureImportRequest' });

export const ProcedureImportResultSchema = z
  .object({
    created: z.number().int(),
    replaced: z.number().int(),
    unchanged: z.number().int().meta({ description: 'Rows equal to what is stored: not written again' }),
    dryRun: z.boolean(),
  })
  .meta({ id: 'ProcedureImportResult' });
