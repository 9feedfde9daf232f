/**
 * Reads a legacy dossier file (docs/domain.md "Bulk data"): CSV with a header row, or JSON
 * Lines. Each row keeps the line it came from, so errors name the file's own lines.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export type FileRow = { line: number; row: Record<string, unknown> } | { line: number; error: string };

export async function readLegacyFile(path: string): Promise<FileRow[]> {
  const text = await readFile(path, 'utf8');
  if (/\.csv$/i.test(path)) {
    const records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return records.map(({ record, info }) => ({ line: info.lines, row: record }));
  }
  if (/\.jsonl$/i.test(path)) {
    return text.split(/\r?\n/).flatMap((raw, i): FileRow[] => {
      if (raw.trim() === '') return [];
      try {
        const value: unknown = JSON.parse(raw);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          return [{ line: i + 1, error: 'not a JSON object' }];
        }
        return [{ line: i + 1, row: value as Record<string, unknown> }];
      } catch {
        return [{ line: i + 1, error: 'not valid JSON' }];
      }
    });
  }
  throw new Error(`${path}: a .csv or .jsonl file, please`);
}
