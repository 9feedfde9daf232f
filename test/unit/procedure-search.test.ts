import { describe, expect, it } from 'vitest';
import { PROCEDURES } from '#shared/config/seed-catalog.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { fold, pageProcedures } from '#shared/domain/procedure-search.ts';

const cursors = { codec: new CursorCodec('k'.repeat(32)), clientId: 'local-portal' };

describe('procedure search', () => {
  it('folds Vietnamese accents and đ', () => {
    expect(fold('Đăng ký khai sinh')).toBe('dang ky khai sinh');
  });

  it('finds procedures by words of the name, accents ignored', () => {
    const { items } = pageProcedures(PROCEDURES, { q: 'khai sinh', limit: 50 }, cursors);
    expect(items.map((p) => p.code)).toContain('1.001193');
    expect(items.every((p) => fold(p.name).includes('khai sinh'))).toBe(true);
  });

  it('filters by level and agency system', () => {
    const { items } = pageProcedures(
      PROCEDURES,
      { level: 'PROVINCIAL', agencyId: 'tax', limit: 50 },
      cursors,
    );
    expect(items).toHaveLength(5);
    expect(items.every((p) => p.agencyId === 'tax' && p.level === 'PROVINCIAL')).toBe(true);
  });

  it('pages through the whole catalog by cursor without repeats', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageProcedures(PROCEDURES, { limit: 7, ...(cursor ? { cursor } : {}) }, cursors);
      seen.push(...page.items.map((p) => p.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it('refuses a cursor it did not issue', () => {
    expect(() => pageProcedures(PROCEDURES, { limit: 5, cursor: 'not-a-cursor' }, cursors)).toThrow(
      DomainError,
    );
  });
});
