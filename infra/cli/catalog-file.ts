/**
 * Reading a catalog import file: a JSON array of published procedure records, or CSV with the
 * same top-level columns (documents and fees as JSON cells). Each row becomes a catalog procedure
 * or a list of errors naming its fields; nothing here talks to the API.
 */
import { parse } from 'csv-parse/sync';
import type { $ZodError } from 'zod/v4/core';
import { procedureFromPublished } from '#shared/config/seed-catalog.ts';
import { ProcedureSchema } from '#shared/contract/catalog.ts';
import { PublishedProcedureSchema } from '#shared/contract/catalog-import.ts';
import * as z from '#shared/contract/zod.ts';
import type { Procedure } from '#shared/domain/catalog.ts';

/** One row of the file: its number (1-based, as a person counts records) and what it became. */
export type Row = { row: number; code?: string; procedure?: Procedure; errors: string[] };

/** Columns read as JSON in a CSV file, and columns read as numbers. */
const JSON_COLUMNS = new Set(['documents', 'fees']);
const NUMBER_COLUMNS = new Set(['processingDays', 'processingHours']);

const describe = (error: $ZodError): string[] =>
  error.issues.map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`);

/** The file's records, before any checking. Throws on a file that is neither (bad JSON or CSV). */
export function readRecords(fileName: string, text: string): unknown[] {
  if (/\.json$/i.test(fileName)) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error('a JSON import file holds one array of procedures');
    return parsed;
  }
  if (/\.csv$/i.test(fileName)) {
    const records: Record<string, string>[] = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
    });
    return records.map(fromCsvRecord);
  }
  throw new Error('the import file ends in .json or .csv');
}

/** A CSV record in the JSON shape: empty cells null, JSON cells parsed, numbers read. */
function fromCsvRecord(record: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([column, cell]) => {
      const value = cell.trim();
      if (value === '') return [column, JSON_COLUMNS.has(column) ? [] : null];
      if (JSON_COLUMNS.has(column)) {
        try {
          return [column, JSON.parse(value)];
        } catch {
          // Left as text: the row's check names the column.
          return [column, value];
        }
      }
      if (NUMBER_COLUMNS.has(column) && /^\d+$/.test(value)) return [column, Number(value)];
      return [column, value];
    }),
  );
}

/** Each record as a procedure, or the errors that keep it from being one. */
export function toRows(records: unknown[]): Row[] {
  return records.map((record, index) => {
    const row = index + 1;
    const named = (record as { code?: unknown } | null)?.code;
    const code = typeof named === 'string' ? named : undefined;
    const published = PublishedProcedureSchema.safeParse(record);
    if (!published.success) return { row, ...(code ? { code } : {}), errors: describe(published.error) };
    let procedure: Procedure;
    try {
      procedure = procedureFromPublished(published.data, index);
    } catch (error) {
      return {
        row,
        ...(code ? { code } : {}),
        errors: [`defaultCompetentUnitId: ${(error as Error).message}`],
      };
    }
    const checked = z.catchall(ProcedureSchema, z.never()).safeParse(procedure);
    return checked.success
      ? { row, code: checked.data.code, procedure: checked.data, errors: [] }
      : { row, ...(code ? { code } : {}), errors: describe(checked.error) };
  });
}

/**
 * Rows cut into request batches: at most `maxRows` rows and about `maxBytes` of JSON each, so a
 * batch stays under the API's body limit.
 */
export function batches<T>(items: T[], maxRows: number, maxBytes: number): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
