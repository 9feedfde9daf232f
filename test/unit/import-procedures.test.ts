import { describe, expect, it } from 'vitest';
import { AGENCIES, UNITS } from '#shared/config/seed-catalog.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { importProcedures } from '#shared/use-cases/import-procedures.ts';
import { BIRTH_REGISTRATION, CRIMINAL_RECORD, principals, procedure } from '../fixtures/catalog.ts';

function setUp(initial: Procedure[] = []) {
  const stored = new Map(initial.map((p) => [p.code, p]));
  const writes: string[][] = [];
  const deps = {
    agencies: async () => AGENCIES,
    units: async () => UNITS,
    proceduresByCode: async (codes: string[]) => codes.flatMap((c) => stored.get(c) ?? []),
    putProcedures: async (procedures: Procedure[]) => {
      writes.push(procedures.map((p) => p.code));
      for (const p of procedures) stored.set(p.code, structuredClone(p));
    },
  };
  return { deps, stored, writes };
}

const refusal = async (run: () => Promise<unknown>): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('importing a batch of procedures', () => {
  it('creates new rows, replaces changed ones and leaves equal ones alone, so a re-run writes nothing', async () => {
    // Prepare
    const birth = procedure(BIRTH_REGISTRATION);
    const police = procedure(CRIMINAL_RECORD);
    const { deps, writes } = setUp([birth, police]);
    const rows = [birth, { ...police, processingDays: 4 }, { ...birth, code: 'GEN.000001' }];

    // Act
    const first = await importProcedures(deps, principals.admin, rows, false);
    const again = await importProcedures(deps, principals.admin, rows, false);

    // Assess
    expect(first).toEqual({ created: 1, replaced: 1, unchanged: 1, dryRun: false });
    expect(again).toEqual({ created: 0, replaced: 0, unchanged: 3, dryRun: false });
    expect(writes).toEqual([[CRIMINAL_RECORD, 'GEN.000001']]);
  });

  it('refuses the whole batch, one error per row and field, when any row is bad', async () => {
    // Prepare
    const police = procedure(CRIMINAL_RECORD);
    const { deps, writes } = setUp();
    const rows = [
      procedure(BIRTH_REGISTRATION),
      { ...police, code: 'GEN.2', agencyId: 'nowhere' },
      { ...police, code: 'GEN.1', processingHours: 2, processingUnit: 'MONTHS' as const },
      police,
      police,
    ];

    // Act
    const refused = await refusal(() => importProcedures(deps, principals.admin, rows, false));

    // Assess
    expect(refused.kind).toBe('business-rule');
    expect(refused.message).toBe('3 of 5 rows are not valid procedures; nothing was written');
    expect(refused.errors).toEqual([
      { path: 'procedures.1.agencyId', message: 'no such agency system' },
      { path: 'procedures.2.processingHours', message: 'not with processingUnit MONTHS' },
      { path: 'procedures.4.code', message: `${CRIMINAL_RECORD} is also row 3` },
    ]);
    expect(writes).toEqual([]);
  });

  it('counts without writing on a dry run, and is for the admin only', async () => {
    // Prepare
    const { deps, writes } = setUp();

    // Act
    const dry = await importProcedures(deps, principals.admin, [procedure(BIRTH_REGISTRATION)], true);
    const forbidden = await refusal(() => importProcedures(deps, principals.hongGai, [], false));

    // Assess
    expect(dry).toEqual({ created: 1, replaced: 0, unchanged: 0, dryRun: true });
    expect(writes).toEqual([]);
    expect(forbidden.kind).toBe('forbidden');
  });
});
