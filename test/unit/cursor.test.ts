import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { canonicalJson } from '#shared/domain/canonical-json.ts';
import { CursorCodec, MAX_CURSOR_LENGTH } from '#shared/domain/cursor.ts';
import { DomainError } from '#shared/domain/errors.ts';

const codec = new CursorCodec('a-test-key-of-at-least-32-bytes!');
const Positions = z.strictObject({ p: z.array(z.strictObject({ after: z.string() })) });
const scope = {
  clientId: 'local-center-hong-gai',
  query: { sources: ['byCenter:hong-gai'], status: 'RECEIVED' },
};
const payload = { p: [{ after: '2024-03-04T09:00:00+07:00#000.21.01.H49-240304-0001' }] };
const sealed = codec.seal(payload, scope);

/** The error `open` throws, or undefined if it opened. */
function refusal(cursor: string, openScope = scope) {
  try {
    codec.open(cursor, openScope, Positions);
  } catch (error) {
    return error;
  }
  return undefined;
}

const isCursorRefusal = (error: unknown) =>
  error instanceof DomainError &&
  error.kind === 'validation' &&
  error.errors.length === 1 &&
  error.errors[0]?.path === 'cursor';

describe('page cursors', () => {
  it('open for the client and query they were sealed for', () => {
    expect(codec.open(sealed, scope, Positions)).toEqual(payload);
  });

  it('are opaque base64url text', () => {
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('bind the query whatever the order of its members', () => {
    const reordered = {
      clientId: scope.clientId,
      query: { status: 'RECEIVED', sources: ['byCenter:hong-gai'] },
    };
    expect(codec.open(sealed, reordered, Positions)).toEqual(payload);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('refuse any edited character (payload or tag)', () => {
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.constantFrom(...'AQgw_-.x'), (at, replacement) => {
        fc.pre(sealed[at] !== replacement);
        const edited = `${sealed.slice(0, at)}${replacement}${sealed.slice(at + 1)}`;
        expect(isCursorRefusal(refusal(edited))).toBe(true);
      }),
    );
  });

  it('refuse a payload edited and re-encoded, keeping the tag', () => {
    const [, tag] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ p: [{ after: 'x' }] })).toString('base64url');
    expect(isCursorRefusal(refusal(`${forged}.${tag}`))).toBe(true);
  });

  it("refuse another client's cursor", () => {
    expect(isCursorRefusal(refusal(sealed, { ...scope, clientId: 'local-center-bai-chay' }))).toBe(true);
  });

  it("refuse another query's cursor", () => {
    const other = { ...scope, query: { ...scope.query, status: 'IN_PROGRESS' } };
    expect(isCursorRefusal(refusal(sealed, other))).toBe(true);
  });

  it('refuse a cursor sealed under another key', () => {
    const other = new CursorCodec('another-key-of-at-least-32-bytes');
    expect(isCursorRefusal(refusal(other.seal(payload, scope)))).toBe(true);
  });

  it('refuse truncated cursors', () => {
    for (let length = 0; length < sealed.length; length++) {
      expect(isCursorRefusal(refusal(sealed.slice(0, length)))).toBe(true);
    }
  });

  it('refuse garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (garbage) => {
        expect(isCursorRefusal(refusal(garbage))).toBe(true);
      }),
    );
    const unsigned = Buffer.from(JSON.stringify({ s: ['byCenter:hong-gai'], p: [{ after: 'x' }] })).toString(
      'base64url',
    );
    expect(isCursorRefusal(refusal(unsigned))).toBe(true);
    expect(isCursorRefusal(refusal(`${sealed}.${sealed.split('.')[1]}`))).toBe(true);
  });

  it('refuse a huge cursor before decoding it', () => {
    const huge = `${'A'.repeat(MAX_CURSOR_LENGTH)}.${sealed.split('.')[1]}`;
    const error = refusal(huge);
    expect(isCursorRefusal(error)).toBe(true);
    expect((error as DomainError).errors[0]?.message).toMatch(/longer than/);
  });

  it('refuse an authentic payload of the wrong shape', () => {
    const wrong = codec.seal({ p: [{ after: 42 }] }, scope);
    expect(isCursorRefusal(refusal(wrong))).toBe(true);
    const extra = codec.seal({ p: [{ after: 'x', pk: 'DOSSIER#other' }] }, scope);
    expect(isCursorRefusal(refusal(extra))).toBe(true);
  });

  it('need a key of at least 32 bytes', () => {
    expect(() => new CursorCodec('short')).toThrow(/at least 32 bytes/);
  });
});
