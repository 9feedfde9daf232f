import type { Principal } from '#shared/domain/access.ts';
import { workingCalendar, type YearCalendar } from '#shared/domain/calendar.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { businessRule, forbidden, validationError } from '#shared/domain/errors.ts';

export type CatalogAdminDeps = {
  putCalendar(year: YearCalendar): Promise<void>;
  putProcedure(procedure: Procedure): Promise<'created' | 'replaced'>;
  agencies(): Promise<{ agencyId: string }[]>;
  units(): Promise<{ unitId: string; kind: string; agencyId: string }[]>;
};

const assertAdmin = (principal: Principal) => {
  if (principal.profile !== 'admin') throw forbidden('Only the admin profile writes the catalog');
};

/**
 * Sets one year of the working-day calendar (days off and make-up working days), so a new
 * year's official announcement takes effect without a deploy:
 * 1. admin only; 2. every date lies in the year, make-up days are weekend days, no date is both;
 * 3. the year is stored whole, replacing what it had.
 */
export async function putCalendarYear(
  deps: CatalogAdminDeps,
  principal: Principal,
  year: YearCalendar,
): Promise<YearCalendar> {
  assertAdmin(principal);
  try {
    workingCalendar([year]);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw validationError('The calendar is not a valid year', [{ path: '(body)', message: error.message }]);
  }
  const stored = {
    ...year,
    daysOff: [...new Set(year.daysOff)].sort(),
    workingDays: [...new Set(year.workingDays)].sort(),
  };
  await deps.putCalendar(stored);
  return stored;
}

/**
 * Creates or replaces a procedure of the catalog:
 * 1. admin only; 2. its agency system exists; a default competent unit, where named, exists and
 *    is of the procedure's kind and agency; 3. stored whole.
 */
export async function putProcedure(
  deps: CatalogAdminDeps,
  principal: Principal,
  procedure: Procedure,
): Promise<'created' | 'replaced'> {
  assertAdmin(principal);
  checkProcedure(procedure, await deps.agencies(), await deps.units());
  return deps.putProcedure(procedure);
}

/**
 * The rules a procedure meets beyond its schema (a refusal names the field): working hours only
 * with working days; the agency system exists; the default competent unit fits.
 */
export function checkProcedure(
  procedure: Procedure,
  agencies: { agencyId: string }[],
  units: { unitId: string; kind: string; agencyId: string }[],
): void {
  if (procedure.processingHours && (procedure.processingUnit ?? 'WORKING_DAYS') !== 'WORKING_DAYS') {
    throw businessRule('Working hours add to working days only', [
      { path: 'processingHours', message: `not with processingUnit ${procedure.processingUnit}` },
    ]);
  }
  if (!agencies.some((a) => a.agencyId === procedure.agencyId)) {
    throw businessRule(`Unknown agency system ${procedure.agencyId}`, [
      { path: 'agencyId', message: 'no such agency system' },
    ]);
  }
  if (procedure.defaultCompetentUnitId) {
    const unit = units.find((u) => u.unitId === procedure.defaultCompetentUnitId);
    if (!unit || unit.kind !== procedure.competentUnitKind || unit.agencyId !== procedure.agencyId) {
      throw businessRule('The default competent unit does not fit the procedure', [
        {
          path: 'defaultCompetentUnitId',
          message: `must be a ${procedure.competentUnitKind} of ${procedure.agencyId}`,
        },
      ]);
    }
  } else if (procedure.competentUnitKind !== 'COMMUNE_PC') {
    throw businessRule('A procedure not decided by communes names its competent unit', [
      { path: 'defaultCompetentUnitId', message: 'required' },
    ]);
  }
}
