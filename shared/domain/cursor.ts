/**
 * Page cursors: opaque and tamper-evident. A cursor is `<payload>.<tag>`, both base64url, where
 * the tag is HMAC-SHA256 under the service's cursor key over the payload, the client it was
 * issued to and the canonical form of the query it pages. A cursor therefore opens only for the
 * same client asking the same query; anything else (edited, truncated, another client's,
 * another query's, not a cursor at all) is a 400 naming `cursor`, found before any store is read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ZodMiniType } from 'zod/mini';
import { canonicalJson } from './canonical-json.ts';
import { validationError } from './errors.ts';

/** Longest cursor looked at; longer ones are refused before they are decoded. */
export const MAX_CURSOR_LENGTH = 4000;
/** Shortest key accepted: HMAC-SHA256 wants at least its output size. */
export const MIN_CURSOR_KEY_BYTES = 32;

const TAG_BYTES = 32;
/** Versions the tagged text, so another use of the same key can never yield a valid tag. */
const CONTEXT = 'motcua-cursor-v1';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** What a cursor is bound to: the caller and the query it pages (without limit and cursor). */
export type CursorScope = { clientId: string; query: unknown };

const invalid = (message: string) => validationError('Invalid cursor', [{ path: 'cursor', message }]);

/** Decodes strict base64url: only its alphabet, and nothing that re-encodes differently. */
function fromBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export class CursorCodec {
  private readonly key: Buffer;

  constructor(key: string | Uint8Array) {
    this.key = Buffer.from(key);
    if (this.key.length < MIN_CURSOR_KEY_BYTES) {
      throw new Error(`the cursor key must have at least ${MIN_CURSOR_KEY_BYTES} bytes`);
    }
  }

  private tag(payload: Buffer, scope: CursorScope): Buffer {
    return createHmac('sha256', this.key)
      .update(JSON.stringify([CONTEXT, scope.clientId, canonicalJson(scope.query)]))
      .update('\n')
      .update(payload)
      .digest();
  }

  /** A cursor for `payload` (any JSON value), valid only for `scope`. */
  seal(payload: unknown, scope: CursorScope): string {
    const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    return `${bytes.toString('base64url')}.${this.tag(bytes, scope).toString('base64url')}`;
  }

  /**
   * The payload of a cursor this codec sealed for `scope`, checked against `schema`; a
   * validation error naming `cursor` otherwise. The tag is checked (in constant time) before
   * the payload is parsed, so nothing of an unauthenticated cursor is ever interpreted.
   */
  open<T>(cursor: string, scope: CursorScope, schema: ZodMiniType<T>): T {
    if (cursor.length > MAX_CURSOR_LENGTH) throw invalid(`longer than ${MAX_CURSOR_LENGTH} characters`);
    const [payloadText, tagText, ...rest] = cursor.split('.');
    const payload = payloadText === undefined ? undefined : fromBase64url(payloadText);
    const tag = tagText === undefined ? undefined : fromBase64url(tagText);
    if (rest.length > 0 || !payload || payload.length === 0 || tag?.length !== TAG_BYTES) {
      throw invalid('not a cursor this API issued');
    }
    if (!timingSafeEqual(tag, this.tag(payload, scope))) {
      throw invalid('not a cursor of this client and query');
    }
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      throw invalid('not a cursor this API issued');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalid('not a cursor this API issued');
    return parsed.data;
  }
}
