/**
 * Legacy dossiers (docs/domain.md "Bulk data"): one row of the previous system, with DVCQG's
 * field names, and the admin bulk route's body and answer. Cells come from CSV (text) or JSON
 * Lines (text or numbers): numbers are read from either; empty text is "not reached".
 */

import { DossierCodeSchema, ProcedureCodeSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

/** At most this many rows per request. */
export const IMPORT_BATCH_MAX = 500;

/** Classic zod's `z.preprocess`: `fn` applied to the input before `schema` checks it. */
const preprocess = <S extends z.ZodMiniType>(fn: (value: unknown) => unknown, schema: S) =>
  z.pipe(z.transform(fn), schema);
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'an id such as hong-gai'));
const intIn = (min: number, max: number) =>
  preprocess(
    (value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value),
    z.number().check(z.int(), z.gte(min), z.lte(max)),
  );
/** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh; the date must exist. */
const DvcqgTime = preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().check(
    z.regex(/^\d{14}$/, { message: 'yyyyMMddHHmmss', abort: true }),
    z.refine((value: string) => {
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
  ),
);
const optional = <S extends z.ZodMiniType>(schema: S) => preprocess(blankToUndefined, z.optional(schema));

export const LegacyDossierRowSchema = withMeta(
  z.strictObject({
    MaHoSo: DossierCodeSchema,
    MaTTHC: ProcedureCodeSchema,
    MaTrungTam: Id,
    MaDonViXuLy: Id,
    KenhThucHien: intIn(1, 3),
    LoaiDoiTuong: intIn(1, 4),
    ChuHoSo: text({ max: 200, min: 1 }),
    SoGiayToChuHoSo: preprocess(
      (value) => (typeof value === 'number' ? String(value) : value),
      z.string().check(z.regex(/^[0-9-]{9,14}$/, 'an ID number or tax code')),
    ),
    DiaChiChuHoSo: text({ max: 500, min: 1 }),
    TrangThaiHoSo: intIn(1, 10),
    NgayNopHoSo: DvcqgTime,
    NgayTiepNhan: optional(DvcqgTime),
    NgayHenTra: optional(DvcqgTime),
    NgayKetThucXuLy: optional(DvcqgTime),
    NgayTra: optional(DvcqgTime),
    SoLanBoSung: preprocess((value) => blankToUndefined(value) ?? 0, intIn(0, 99)),
    DaThanhToanTrucTuyen: preprocess((value) => blankToUndefined(value) ?? 0, intIn(0, 1)),
  }),
  { id: 'LegacyDossierRow' },
);
export type LegacyDossierRow = z.output<typeof LegacyDossierRowSchema>;

export const ImportDossiersRequestSchema = withMeta(
  z.strictObject({
    rows: z.array(z.record(z.string(), z.unknown())).check(z.minLength(1), z.maxLength(IMPORT_BATCH_MAX)),
    skipInvalid: withMeta(z.optional(z.boolean()), {
      description: 'Import the valid rows even if others are invalid',
    }),
    validateOnly: withMeta(z.optional(z.boolean()), {
      description: 'Check the rows and write nothing: invalid rows are listed in `skipped`',
    }),
  }),
  { id: 'ImportDossiersRequest' },
);

const RowErrors = z.object({
  row: withMeta(z.number().check(z.int()), { description: 'Index of the row in this request' }),
  dossierCode: z.optional(z.string()),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ImportDossiersResultSchema = withMeta(
  z.object({
    imported: withMeta(z.number().check(z.int()), { description: 'Dossiers written now' }),
    unchanged: withMeta(z.number().check(z.int()), {
      description: 'Dossiers already there under the same code',
    }),
    skipped: withMeta(z.array(RowErrors), { description: 'Invalid rows left out (skipInvalid)' }),
  }),
  { id: 'ImportDossiersResult' },
);
