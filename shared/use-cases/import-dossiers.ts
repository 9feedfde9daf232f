import type { Principal } from '#shared/domain/access.ts';
import {
  businessRule,
  DomainError,
  type FieldError,
  forbidden,
  validationError,
} from '#shared/domain/errors.ts';
import { convertLegacyDossier, type LegacyRecord } from '#shared/domain/legacy-dossier.ts';
import type { Catalog, FiledDossier, LegacyDossierStore } from './ports.ts';

export type ImportDeps = {
  catalog: Pick<Catalog, 'procedures' | 'centers' | 'units'>;
  store: LegacyDossierStore;
  now: () => Date;
};

/** A row as the contract read it: the record, or what is wrong with its cells. */
export type ImportRow = { record: LegacyRecord } | { invalid: FieldError[] };

export type RowErrors = { row: number; dossierCode?: string; errors: FieldError[] };
export type ImportResult = { imported: number; unchanged: number; skipped: RowErrors[] };

const DOSSIER_CODE_SEQUENCE = /^(.*)-(\d+)$/;

/**
 * Imports a batch of legacy dossiers (admin only):
 * 1. convert each row against the catalog (procedure, center, competent unit, its statuses);
 *    a code twice in the batch is an error on the second;
 * 2. with `validateOnly`, answer the wrong rows and stop; any row wrong and no `skipInvalid`:
 *    nothing is written; the problem lists every row's
 *    errors (`rows.{i}.{field}`): 400 when a cell is malformed, else 422;
 * 3. write the dossiers not there yet (a code already there is left alone: re-runs change
 *    nothing);
 * 4. raise each unit-day's sequence past the imported codes, so a new dossier never reuses one.
 */
export async function importDossiers(
  deps: ImportDeps,
  principal: Principal,
  rows: readonly ImportRow[],
  options: { skipInvalid: boolean; validateOnly?: boolean },
): Promise<ImportResult> {
  if (principal.profile !== 'admin') throw forbidden('Only the admin imports dossiers');
  const [procedures, centers, units] = await Promise.all([
    deps.catalog.procedures(),
    deps.catalog.centers(),
    deps.catalog.units(),
  ]);
  const now = deps.now();
  const filed: FiledDossier[] = [];
  const wrong: RowErrors[] = [];
  let malformed = false;
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if ('invalid' in row) {
      malformed = true;
      wrong.push({ row: index, errors: row.invalid });
      return;
    }
    const { record } = row;
    if (seen.has(record.MaHoSo)) {
      wrong.push({
        row: index,
        dossierCode: record.MaHoSo,
        errors: [{ path: 'MaHoSo', message: 'twice in this batch' }],
      });
      return;
    }
    seen.add(record.MaHoSo);
    try {
      const catalog = {
        procedure: procedures.find((p) => p.code === record.MaTTHC),
        center: centers.find((c) => c.centerId === record.MaTrungTam),
        units,
      };
      filed.push(convertLegacyDossier(record, catalog, principal, now));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      wrong.push({ row: index, dossierCode: record.MaHoSo, errors: error.errors ?? [] });
    }
  });
  if (options.validateOnly) return { imported: 0, unchanged: 0, skipped: wrong };
  if (wrong.length > 0 && !options.skipInvalid) {
    const errors = wrong.flatMap((w) =>
      w.errors.map((e) => ({ path: `rows.${w.row}.${e.path}`, message: e.message })),
    );
    const message = `${wrong.length} of ${rows.length} rows are invalid; nothing was imported`;
    throw malformed ? validationError(message, errors) : businessRule(message, errors);
  }
  const { inserted, existing } = await deps.store.insertNew(filed);
  const sequences = new Map<string, number>();
  for (const { dossier } of filed) {
    const match = DOSSIER_CODE_SEQUENCE.exec(dossier.dossierCode);
    if (!match?.[1] || !match[2]) continue;
    const name = match[1].replace(/-(\d{6})$/, '#$1');
    sequences.set(name, Math.max(sequences.get(name) ?? 0, Number(match[2])));
  }
  await Promise.all([...sequences].map(([name, value]) => deps.store.raiseSequence(name, value)));
  return { imported: inserted.length, unchanged: existing.length, skipped: wrong };
}
