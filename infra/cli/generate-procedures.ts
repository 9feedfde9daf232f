/**
 * Generated catalog import data — NOT official procedures: `count` records in the published shape,
 * cycled from the 60 real ones of the seed, each with a `GEN.` code, a name saying it is
 * generated, `confidence: "generated"` and no source page. For load tests of the catalog import.
 *
 * `npm run catalog:generate -- [--count 1397] [--out procedures-generated.json|.csv]`
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import published from '#shared/config/seed/procedures-sample.json' with { type: 'json' };

export const GENERATED_MARK = 'Dữ liệu sinh tự động, không phải thủ tục chính thức (generated, not official)';

export type GeneratedRecord = Record<string, unknown> & { code: string };

/** `count` generated records; the same count always gives the same records. */
export function generateProcedures(count: number): GeneratedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const base = published[i % published.length] as (typeof published)[number];
    const n = String(i + 1).padStart(5, '0');
    return {
      code: `GEN.${n}`,
      name_vi: `${base.name_vi} — mẫu ${n} [${GENERATED_MARK}]`,
      name_en: `${base.name_en} — sample ${n} [generated, not official]`,
      field: base.field,
      level: base.level,
      competentUnitKind: base.competentUnitKind,
      agencyId: base.agencyId,
      processingDays: base.processingDays ?? 5,
      onlineLevel: base.onlineLevel ?? 'PARTIAL',
      documents: base.documents,
      fees: base.fees.map((fee) => ({ ...fee, amount_vnd: fee.amount_vnd ?? 0 })),
      source: null,
      confidence: 'generated',
    };
  });
}

/** The records as CSV with the same top-level columns, documents and fees as JSON cells. */
export function toCsv(records: Record<string, unknown>[]): string {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cell = (value: unknown) => {
    const text =
      value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[columns.join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1397' },
      out: { type: 'string', default: 'procedures-generated.json' },
    },
  });
  const records = generateProcedures(Number(values.count));
  const text = values.out.endsWith('.csv') ? toCsv(records) : `${JSON.stringify(records, null, 2)}\n`;
  await writeFile(values.out, text);
  console.log(`${records.length} generated (not official) procedures written to ${values.out}`);
}
