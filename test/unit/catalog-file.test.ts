import { describe, expect, it } from 'vitest';
import { batches, readRecords, toRows } from '#infra/cli/catalog-file.ts';
import { generateProcedures, toCsv } from '#infra/cli/generate-procedures.ts';

describe('reading a catalog import file', () => {
  it('reads the same procedures from JSON and from CSV with JSON cells', () => {
    // Prepare
    const records = generateProcedures(3);

    // Act
    const fromJson = toRows(readRecords('a.json', JSON.stringify(records)));
    const fromCsv = toRows(readRecords('a.CSV', toCsv(records)));

    // Assess
    expect(fromJson.map((r) => r.errors)).toEqual([[], [], []]);
    expect(fromCsv).toEqual(fromJson);
    expect(fromJson[0]?.procedure?.code).toBe('GEN.00001');
    expect(fromJson[0]?.procedure?.documents[0]).toMatchObject({ code: 'TP01', mandatory: true });
  });

  it('names the fields of a bad row, with its number and code, and leaves the good rows alone', () => {
    // Prepare
    const [good, bad, noUnit] = generateProcedures(3);
    const records = [
      good,
      { ...bad, processingDays: -1, documents: 'none' },
      { ...noUnit, competentUnitKind: 'PROVINCIAL_DEPARTMENT', field: 'Không có' },
    ];

    // Act
    const rows = toRows(records);

    // Assess
    expect(rows[0]?.errors).toEqual([]);
    expect(rows[1]).toMatchObject({ row: 2, code: 'GEN.00002' });
    expect(rows[1]?.errors.map((e) => e.split(':')[0])).toEqual(['processingDays', 'documents']);
    expect(rows[2]).toMatchObject({
      row: 3,
      errors: ['defaultCompetentUnitId: no competent unit for procedure GEN.00003 (Không có)'],
    });
  });

  it('refuses a file that is neither a JSON array nor CSV', () => {
    expect(() => readRecords('a.json', '{}')).toThrow('a JSON import file holds one array of procedures');
    expect(() => readRecords('a.xlsx', '')).toThrow('the import file ends in .json or .csv');
    expect(() => readRecords('a.json', '[')).toThrow(SyntaxError);
  });
});

describe('batches of an import', () => {
  it('cut at the row count or before the byte budget, whichever comes first', () => {
    // Prepare: each item is 10 bytes of JSON plus one
    const items = Array.from({ length: 7 }, () => '12345678');

    // Act
    const byRows = batches(items, 3, 1_000);
    const byBytes = batches(items, 100, 25);

    // Assess
    expect(byRows.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(byBytes.map((b) => b.length)).toEqual([2, 2, 2, 1]);
    expect(batches([], 3, 10)).toEqual([]);
  });
});
