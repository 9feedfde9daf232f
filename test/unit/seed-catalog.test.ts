import { describe, expect, it } from 'vitest';
import { AGENCY_SYSTEMS } from '#infra/topology.ts';
import { AGENCIES, CENTERS, PROCEDURES, UNITS } from '#shared/config/seed-catalog.ts';
import { ProcedureSchema } from '#shared/contract/catalog.ts';

describe('seed catalog', () => {
  it('has the four centers of the contract, each with its own commune/ward unit', () => {
    expect(CENTERS.map((c) => c.centerId)).toEqual(['hong-gai', 'bai-chay', 'tien-yen', 'uong-bi']);
    for (const c of CENTERS) {
      expect(UNITS.find((u) => u.unitId === c.unitId)?.kind).toBe('COMMUNE_PC');
    }
  });

  it('has every agency system of the topology', () => {
    expect(AGENCIES.map((a) => a.agencyId).sort()).toEqual([...AGENCY_SYSTEMS].sort());
  });

  it('holds the 60 published procedures, each valid against the contract, with unique codes', () => {
    expect(PROCEDURES).toHaveLength(60);
    for (const p of PROCEDURES) expect(ProcedureSchema.safeParse(p).success).toBe(true);
    expect(new Set(PROCEDURES.map((p) => p.code)).size).toBe(60);
  });

  it('covers every competent-unit kind and every online level, with FULL commune procedures', () => {
    expect(new Set(PROCEDURES.map((p) => p.competentUnitKind))).toEqual(
      new Set(['COMMUNE_PC', 'PROVINCIAL_DEPARTMENT', 'VERTICAL_AGENCY']),
    );
    expect(new Set(PROCEDURES.map((p) => p.onlineLevel))).toEqual(new Set(['FULL', 'PARTIAL', 'NONE']));
  });

  it('marks every procedure without a published online level NONE, as a placeholder', () => {
    const unknown = PROCEDURES.filter((p) => p.defaults?.includes('onlineLevel'));
    expect(unknown).toHaveLength(10);
    for (const p of unknown) expect(p.onlineLevel).toBe('NONE');
    // Only placeholders are NONE: no published level is overridden.
    expect(PROCEDURES.filter((p) => p.onlineLevel === 'NONE')).toEqual(unknown);
    expect(PROCEDURES.some((p) => p.level === 'COMMUNE' && p.onlineLevel === 'FULL')).toBe(true);
  });

  it('marks every placeholder it had to fill', () => {
    const placeholders = PROCEDURES.filter((p) => p.defaults?.length);
    expect(placeholders.filter((p) => p.defaults?.includes('code'))).toHaveLength(3);
    for (const p of placeholders.filter((x) => x.defaults?.includes('code')))
      expect(p.code).toMatch(/^H49\.L\d{3}$/);
    for (const p of PROCEDURES.filter((x) => x.fees.some((f) => f.amountKnown === false))) {
      expect(p.defaults).toContain('fees.amount');
    }
  });

  it('gives every non-commune procedure a competent unit of its kind and agency', () => {
    for (const p of PROCEDURES.filter((x) => x.competentUnitKind !== 'COMMUNE_PC')) {
      const u = UNITS.find((x) => x.unitId === p.defaultCompetentUnitId);
      expect(u, p.code).toMatchObject({ kind: p.competentUnitKind, agencyId: p.agencyId });
    }
  });
});
