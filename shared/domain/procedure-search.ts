/** Searching the procedure catalog: filters, accent-insensitive words, cursor pages by code. */

import * as z from 'zod/mini';
import type { Procedure } from './catalog.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';

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

/** Where a page of procedures resumes: after this code. */
const ProcedureCursorSchema = z.strictObject({ after: z.string().check(z.minLength(1), z.maxLength(50)) });

/** The cursors of one caller: the codec and whom they are issued to. */
export type CursorContext = { codec: CursorCodec; clientId: string };

/**
 * One page of the procedures matching the query, by code. The cursor is bound to the caller
 * and to the filters (not the limit, which may change from page to page).
 */
export function pageProcedures(
  procedures: readonly Procedure[],
  query: ProcedureQuery,
  cursors: CursorContext,
) {
  const scope: CursorScope = {
    clientId: cursors.clientId,
    query: { level: query.level, agencyId: query.agencyId, q: query.q },
  };
  const words = query.q ? fold(query.q).split(/\s+/).filter(Boolean) : [];
  const after = query.cursor
    ? cursors.codec.open(query.cursor, scope, ProcedureCursorSchema).after
    : undefined;
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
    ...(matching.length > query.limit && last
      ? { nextCursor: cursors.codec.seal({ after: last.code }, scope) }
      : {}),
  };
}
