import { describe, expect, it } from 'vitest';
import { AGENCIES, UNITS } from '#shared/config/seed-catalog.ts';
import type { YearCalendar } from '#shared/domain/calendar.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { type CatalogAdminDeps, putCalendarYear, putProcedure } from '#shared/use-cases/catalog-admin.ts';
import { CRIMINAL_RECORD, principals, procedure } from '../fixtures/catalog.ts';

function setUp() {
  const calendars: YearCalendar[] = [];
  const procedures: Procedure[] = [];
  const deps: CatalogAdminDeps = {
    putCalendar: async (year) => {
      calendars.push(year);
    },
    putProcedure: async (p) => {
      procedures.push(p);
      return 'created';
    },
    agencies: async () => AGENCIES,
    units: async () => UNITS,
  };
  return { deps, calendars, procedures };
}

const refusal = async (run: () => Promise<unknown>): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('setting a calendar year', () => {
  it('stores the year whole, its dates sorted and without repeats', async () => {
    const { deps, calendars } = setUp();
    const year = {
      year: 2027,
      daysOff: ['2027-09-02', '2027-01-01', '2027-01-01'],
      workingDays: ['2027-01-16', '2027-01-09', '2027-01-16'],
    };
    const stored = await putCalendarYear(deps, principals.admin, year);
    expect(stored).toEqual({
      year: 2027,
      daysOff: ['2027-01-01', '2027-09-02'],
      workingDays: ['2027-01-09', '2027-01-16'],
    });
    expect(calendars).toEqual([stored]);
  });

  it('is for the admin only', async () => {
    const { deps, calendars } = setUp();
    for (const principal of [principals.hongGai, principals.portal, principals.commune]) {
      const error = await refusal(() =>
        putCalendarYear(deps, principal, { year: 2027, daysOff: [], workingDays: [] }),
      );
      expect(error.kind).toBe('forbidden');
      expect(error.message).toBe('Only the admin profile writes the catalog');
    }
    expect(calendars).toEqual([]);
  });

  it('refuses a year that is not valid with a 400 saying why, storing nothing', async () => {
    const { deps, calendars } = setUp();
    // Wednesday 13 January 2027 cannot be a make-up working day.
    const error = await refusal(() =>
      putCalendarYear(deps, principals.admin, { year: 2027, daysOff: [], workingDays: ['2027-01-13'] }),
    );
    expect(error.kind).toBe('validation');
    expect(error.message).toBe('The calendar is not a valid year');
    expect(error.errors).toEqual([
      { path: '(body)', message: 'make-up working day 2027-01-13 is not a Saturday or Sunday' },
    ]);
    expect(calendars).toEqual([]);
  });
});

describe('putting a procedure', () => {
  it('stores a procedure that fits its agency system and unit', async () => {
    const { deps, procedures } = setUp();
    expect(await putProcedure(deps, principals.admin, procedure(CRIMINAL_RECORD))).toBe('created');
    expect(procedures).toEqual([procedure(CRIMINAL_RECORD)]);
  });

  it('refuses working hours beside calendar days or months, naming processingHours', async () => {
    const { deps, procedures } = setUp();
    const hours = { ...procedure(CRIMINAL_RECORD), processingHours: 4, processingUnit: 'MONTHS' as const };
    const refused = await refusal(() => putProcedure(deps, principals.admin, hours));
    expect(refused.errors).toEqual([{ path: 'processingHours', message: 'not with processingUnit MONTHS' }]);
    expect(procedures).toEqual([]);
  });

  it('is for the admin only', async () => {
    const { deps, procedures } = setUp();
    expect(
      (await refusal(() => putProcedure(deps, principals.hongGai, procedure(CRIMINAL_RECORD)))).kind,
    ).toBe('forbidden');
    expect(procedures).toEqual([]);
  });

  it('refuses, naming the field, an unknown agency system or a default unit that does not fit', async () => {
    const { deps, procedures } = setUp();
    const police = procedure(CRIMINAL_RECORD);
    const doesNotFit = 'The default competent unit does not fit the procedure';
    const cases: [Procedure, string, string, string][] = [
      [
        { ...police, agencyId: 'nowhere' },
        'Unknown agency system nowhere',
        'agencyId',
        'no such agency system',
      ],
      [
        { ...police, defaultCompetentUnitId: 'no-such-unit' },
        doesNotFit,
        'defaultCompetentUnitId',
        'must be a VERTICAL_AGENCY of police',
      ],
      // A unit of the right kind but another agency system.
      [
        { ...police, agencyId: 'tax' },
        doesNotFit,
        'defaultCompetentUnitId',
        'must be a VERTICAL_AGENCY of tax',
      ],
      // A unit of the right agency system but another kind.
      [
        { ...police, competentUnitKind: 'PROVINCIAL_DEPARTMENT' },
        doesNotFit,
        'defaultCompetentUnitId',
        'must be a PROVINCIAL_DEPARTMENT of police',
      ],
      [
        { ...police, defaultCompetentUnitId: undefined },
        'A procedure not decided by communes names its competent unit',
        'defaultCompetentUnitId',
        'required',
      ],
    ];
    for (const [candidate, title, path, message] of cases) {
      const error = await refusal(() => putProcedure(deps, principals.admin, candidate));
      expect(error.kind).toBe('business-rule');
      expect(error.message).toBe(title);
      expect(error.errors).toEqual([{ path, message }]);
    }
    expect(procedures).toEqual([]);
  });

  it('lets a commune procedure go without a default unit', async () => {
    const { deps, procedures } = setUp();
    const commune = procedure('1.001193');
    expect(commune.defaultCompetentUnitId).toBeUndefined();
    expect(await putProcedure(deps, principals.admin, commune)).toBe('created');
    expect(procedures).toHaveLength(1);
  });
});
