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

  it('folds the lower-case đ too', () => {
    expect(fold('Quyền sử dụng đất')).toBe('quyen su dung dat');
  });

  it('finds procedures by words of the English name', () => {
    const { items } = pageProcedures(PROCEDURES, { q: 'birth registration', limit: 50 }, cursors);
    expect(items.map((p) => p.code)).toContain('1.001193');
  });

  it('filters by level alone', () => {
    const { items } = pageProcedures(PROCEDURES, { level: 'COMMUNE', limit: 200 }, cursors);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(PROCEDURES.length);
    expect(items.every((p) => p.level === 'COMMUNE')).toBe(true);
  });

  it('orders by code whatever the catalog order, and gives at most `limit` items a page', () => {
    const shuffled = [...PROCEDURES].reverse();
    const page = pageProcedures(shuffled, { limit: 7 }, cursors);
    const codes = PROCEDURES.map((p) => p.code).sort();
    expect(page.items.map((p) => p.code)).toEqual(codes.slice(0, 7));
    expect(page.nextCursor).toBeDefined();
  });

  it('gives no cursor when the page holds the last match', () => {
    const { items } = pageProcedures(PROCEDURES, { level: 'PROVINCIAL', agencyId: 'tax', limit: 5 }, cursors);
    expect(items).toHaveLength(5);
    expect(
      pageProcedures(PROCEDURES, { level: 'PROVINCIAL', agencyId: 'tax', limit: 5 }, cursors),
    ).not.toHaveProperty('nextCursor');
  });

  it('refuses, naming the cursor, one whose content is not what it issues', () => {
    const forged = Buffer.from(JSON.stringify({ after: 5 })).toString('base64url');
    try {
      pageProcedures(PROCEDURES, { limit: 5, cursor: forged }, cursors);
      expect.unreachable('a forged cursor must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('validation');
      expect((error as DomainError).message).toBe('Invalid cursor');
      expect((error as DomainError).errors).toEqual([
        { path: 'cursor', message: 'not a cursor this API issued' },
      ]);
    }
  });
});
