/** Searching the procedure catalog: filters, accent-insensitive words, cursor pages by code. */
import type { Procedure } from '#shared/contract/catalog.ts';
import { validationError } from './errors.ts';

export type ProcedureQuery = {
  level?: Procedure['level'];
  agencyId?: string;
  q?: string;
  limit: number;
  cursor?: string;
};

/** Lower case without Vietnamese diacritics, so "khai sinh" finds "Khai Sinh" and "khai sinh". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

const encodeCursor = (code: string) => Buffer.from(JSON.stringify({ after: code })).toString('base64url');
function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // falls through to the validation error
  }
  throw validationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor this API issued' }]);
}

export function pageProcedures(procedures: readonly Procedure[], query: ProcedureQuery) {
  const words = query.q ? fold(query.q).split(/\s+/).filter(Boolean) : [];
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const matching = procedures
    .filter((p) => !query.level || p.level === query.level)
    .filter((p) => !query.agencyId || p.agencyId === query.agencyId)
    .filter((p) => {
      if (words.length === 0) return true;
      const text = fold(`${p.code} ${p.name} ${p.nameEn ?? ''}`);
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .filter((p) => after === undefined || p.code > after);
  const items = matching.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    ...(matching.length > query.limit && last ? { nextCursor: encodeCursor(last.code) } : {}),
  };
}
