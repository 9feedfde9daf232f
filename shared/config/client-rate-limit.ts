/**
 * The per-client request limit (docs/architecture.md, per-client throttling): `<requests>/<seconds>`,
 * e.g. `100/10`, read from MOTCUA_CLIENT_RATE_LIMIT (the stack sets it from the deploy setting
 * `motcua:clientRateLimit`; locally it passes through) and checked the same way at synth.
 */
import {
  CLIENT_RATE_LIMIT_ENV,
  DEFAULT_CLIENT_RATE_LIMIT,
  DEFAULT_LOOKUP_RATE_LIMIT,
  LOOKUP_RATE_LIMIT_ENV,
} from '#shared/config/runtime-names.ts';

export type ClientRateLimit = { requests: number; windowSeconds: number };

const LIMIT = /^\s*(\d{1,9})\s*\/\s*(\d{1,6})\s*s?\s*$/;

/** `100/10` → 100 requests per 10-second window. Throws a message naming the expected form. */
export function parseClientRateLimit(text: string): ClientRateLimit {
  const match = LIMIT.exec(text);
  const requests = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || !(requests >= 1) || !(windowSeconds >= 1) || windowSeconds > 3600) {
    throw new Error(
      `"${text}" is not a client rate limit: expected <requests>/<seconds>, e.g. "${DEFAULT_CLIENT_RATE_LIMIT}" ` +
        '(at least 1 request, a window of 1 to 3600 seconds)',
    );
  }
  return { requests, windowSeconds };
}

/** The limit the environment sets, or the default (the stack's default too). */
export const clientRateLimit = (env: NodeJS.ProcessEnv = process.env): ClientRateLimit =>
  parseClientRateLimit(env[CLIENT_RATE_LIMIT_ENV]?.trim() || DEFAULT_CLIENT_RATE_LIMIT);

/** The public lookup's limit per client IP (MOTCUA_LOOKUP_RATE_LIMIT), or its default. */
export const lookupRateLimit = (env: NodeJS.ProcessEnv = process.env): ClientRateLimit =>
  parseClientRateLimit(env[LOOKUP_RATE_LIMIT_ENV]?.trim() || DEFAULT_LOOKUP_RATE_LIMIT);

/** The fixed window `nowMs` falls in: its start (epoch seconds) and the seconds left in it. */
export function rateWindow(nowMs: number, windowSeconds: number): { start: number; secondsLeft: number } {
  const nowSeconds = nowMs / 1000;
  const start = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
  return { start, secondsLeft: Math.max(1, Math.ceil(start + windowSeconds - nowSeconds)) };
}
