/**
 * CORS for the configured origins only (deploy setting `motcua:corsOrigins`, local variable
 * MOTCUA_CORS_ORIGINS): a response to a request from one of them names that origin; any other
 * origin gets no CORS header, so browsers keep its pages out. Preflights are answered in front
 * (API Gateway's OPTIONS methods; the local gateway) from the same list.
 */
import { CORS_ORIGINS_ENV } from '#shared/config/runtime-names.ts';

/** A preflight's answer headers: API Gateway's OPTIONS methods (constructs/api.ts) and the local gateway. */
export const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET,POST,PUT,OPTIONS',
  'access-control-allow-headers': 'Authorization,Content-Type,Idempotency-Key',
  'access-control-max-age': '600',
} as const;

/** The configured origins (`https://a.example,https://b.example`), none when unset. */
export const corsOrigins = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env[CORS_ORIGINS_ENV] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

/** Headers a response to `origin` carries: none unless the origin is configured. */
export function corsHeaders(
  origin: string | undefined,
  origins: readonly string[] = corsOrigins(),
): Record<string, string> {
  if (origins.length === 0) return {};
  // Vary whatever the origin: caches must not hand one origin's answer to another.
  if (origin === undefined || !origins.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Location, Retry-After, Idempotent-Replayed, WWW-Authenticate',
    vary: 'Origin',
  };
}
