import type { Principal } from '#shared/domain/access.ts';
import { canonicalJson } from '#shared/domain/canonical-json.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { businessRule, DomainError, type FieldError, forbidden } from '#shared/domain/errors.ts';
import { checkProcedure } from './catalog-admin.ts';

export type ImportProceduresDeps = {
  agencies(): Promise<{ agencyId: string }[]>;
  units(): Promise<{ unitId: string; kind: string; agencyId: string }[]>;
  /** The stored procedures among `codes`, read from the table (not a cache). */
  proceduresByCode(codes: string[]): Promise<Procedure[]>;
  /** Writes each procedure whole, replacing what its code had. */
  putProcedures(procedures: Procedure[]): Promise<void>;
};

export type ImportResult = { created: number; replaced: number; unchanged: number; dryRun: boolean };

/**
 * Imports one batch of procedures (the catalog import's bulk route):
 * 1. admin only;
 * 2. every row meets the rules of a single PUT, and no code comes twice; any failure refuses the
 *    whole batch with one error per row and field (`procedures.<row>.<field>`), writing nothing;
 * 3. rows equal to what is stored are left alone, so a re-run writes nothing and says so;
 * 4. with `dryRun`, counts what it would do and writes nothing.
 */
export async function importProcedures(
  deps: ImportProceduresDeps,
  principal: Principal,
  procedures: Procedure[],
  dryRun: boolean,
): Promise<ImportResult> {
  if (principal.profile !== 'admin') throw forbidden('Only the admin profile writes the catalog');
  const [agencies, units] = await Promise.all([deps.agencies(), deps.units()]);
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  procedures.forEach((procedure, row) => {
    const first = seen.get(procedure.code);
    if (first !== undefined) {
      errors.push({ path: `procedures.${row}.code`, message: `${procedure.code} is also row ${first}` });
    }
    seen.set(procedure.code, first ?? row);
    try {
      checkProcedure(procedure, agencies, units);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const e of error.errors) errors.push({ path: `procedures.${row}.${e.path}`, message: e.message });
    }
  });
  if (errors.length > 0) {
    const rows = new Set(errors.map((e) => e.path.split('.')[1])).size;
    throw businessRule(
      `${rows} of ${procedures.length} rows are not valid procedures; nothing was written`,
      errors,
    );
  }
  const stored = new Map(
    (await deps.proceduresByCode([...seen.keys()])).map((p) => [p.code, canonicalJson(p)]),
  );
  const changed = procedures.filter((p) => stored.get(p.code) !== canonicalJson(p));
  const created = changed.filter((p) => !stored.has(p.code)).length;
  if (!dryRun && changed.length > 0) await deps.putProcedures(changed);
  return {
    created,
    replaced: changed.length - created,
    unchanged: procedures.length - changed.length,
    dryRun,
  };
}
