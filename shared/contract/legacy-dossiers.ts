/**
 * Legacy dossiers (docs/domain.md "Bulk data"): one row of the previous system, with DVCQG's
 * field names, and the admin bulk route's body and answer. Cells come from CSV (text) or JSON
 * Lines (text or numbers): numbers are read from either; empty text is "not reached".
 */
import * as z from 'zod';
import { ProcedureCodeSchema } from './catalog.ts';
import { DossierCodeSchema } from './dossier.ts';
import { text } from './text.ts';

/** At most this many rows per request. */
export const IMPORT_BATCH_MAX = 500;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'an id such as hong-gai');
const intIn = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value),
    z.number().int().min(min).max(max),
  );
/** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh; the date must exist. */
const DvcqgTime = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string()
    .regex(/^\d{14}$/, { message: 'yyyyMMddHHmmss', abort: true })
    .refine((value) => {
      const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i, k) =>
        Number(value.slice(i, i + (k === 0 ? 4 : 2))),
      );
      const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
      return (
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === (mo ?? 1) - 1 &&
        date.getUTCDate() === d &&
        date.getUTCHours() === h &&
        date.getUTCMinutes() === mi &&
        date.getUTCSeconds() === s
      );
    }, 'not a real date and time'),
);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

export const LegacyDossierRowSchema = z
  .strictObject({
    MaHoSo: DossierCodeSchema,
    MaTTHC: ProcedureCodeSchema,
    MaTrungTam: Id,
    MaDonViXuLy: Id,
    KenhThucHien: intIn(1, 3),
    LoaiDoiTuong: intIn(1, 4),
    ChuHoSo: text({ max: 200, min: 1 }),
    SoGiayToChuHoSo: z.preprocess(
      (value) => (typeof value === 'number' ? String(value) : value),
      z.string().regex(/^[0-9-]{9,14}$/, 'an ID number or tax code'),
    ),
    DiaChiChuHoSo: text({ max: 500, min: 1 }),
    TrangThaiHoSo: intIn(1, 10),
    NgayNopHoSo: DvcqgTime,
    NgayTiepNhan: optional(DvcqgTime),
    NgayHenTra: optional(DvcqgTime),
    NgayKetThucXuLy: optional(DvcqgTime),
    NgayTra: optional(DvcqgTime),
    SoLanBoSung: z.preprocess((value) => blankToUndefined(value) ?? 0, intIn(0, 99)),
    DaThanhToanTrucTuyen: z.preprocess((value) => blankToUndefined(value) ?? 0, intIn(0, 1)),
  })
  .meta({ id: 'LegacyDossierRow' });
export type LegacyDossierRow = z.output<typeof LegacyDossierRowSchema>;

export const ImportDossiersRequestSchema = z
  .strictObject({
    rows: z.array(z.record(z.string(), z.unknown())).min(1).max(IMPORT_BATCH_MAX),
    skipInvalid: z
      .boolean()
      .optional()
      .meta({ description: 'Import the valid rows even if others are invalid' }),
    validateOnly: z
      .boolean()
      .optional()
      .meta({ description: 'Check the rows and write nothing: invalid rows are listed in `skipped`' }),
  })
  .meta({ id: 'ImportDossiersRequest' });

const RowErrors = z.object({
  row: z.number().int().meta({ description: 'Index of the row in this request' }),
  dossierCode: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ImportDossiersResultSchema = z
  .object({
    imported: z.number().int().meta({ description: 'Dossiers written now' }),
    unchanged: z.number().int().meta({ description: 'Dossiers already there under the same code' }),
    skipped: z.array(RowErrors).meta({ description: 'Invalid rows left out (skipInvalid)' }),
  })
  .meta({ id: 'ImportDossiersResult' });
