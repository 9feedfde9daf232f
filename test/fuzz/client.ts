/**
 * HTTP for the fuzz suite and the authorization matrix: raw requests over node:http (the path
 * goes out as written, `..` and `%2F` included, which fetch would normalize), dev-client tokens
 * from the local token endpoint, and the bad tokens a gateway must refuse.
 */
import { Agent, request } from 'node:http';
import { SignJWT } from 'jose';
import { DEV_CLIENT_SECRET, DEV_CLIENTS } from '#infra/local/dev-clients.ts';
import type { FuzzTarget } from './runtime.ts';

export type RawRequest = {
  method: string;
  /** As sent: already percent-encoded where it should be. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
};

export type RawResponse = { status: number; headers: Record<string, string>; text: string; json: unknown };

const agent = new Agent({ keepAlive: false, maxSockets: 8 });

export function send(baseUrl: string, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: req.headers,
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = Object.fromEntries(
            Object.entries(res.headers).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join(', ') : (value ?? ''),
            ]),
          );
          let json: unknown;
          if (/json/i.test(headers['content-type'] ?? '')) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** A JSON request with a bearer token (the tests' ordinary calls). */
export async function call(
  target: FuzzTarget,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  return send(target.url, { method, path, headers, ...(body === undefined ? {} : { body }) });
}

/** A dev client's token from the token endpoint (all its scopes unless `scope` is given). */
export async function devToken(target: FuzzTarget, clientId: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  const response = await send(target.url, {
    method: 'POST',
    path: '/oauth2/token',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${DEV_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  const accessToken = (response.json as { access_token?: unknown } | undefined)?.access_token;
  if (response.status !== 200 || typeof accessToken !== 'string') {
    throw new Error(`token for ${clientId}: ${response.status} ${response.text}`);
  }
  return accessToken;
}

/** Every dev client's token with all its scopes, by client id. */
export async function devTokens(target: FuzzTarget): Promise<Map<string, string>> {
  const ids = DEV_CLIENTS.map((client) => client.binding.clientId);
  const tokens = await Promise.all(ids.map((id) => devToken(target, id)));
  return new Map(ids.map((id, i) => [id, tokens[i] ?? '']));
}

export const BAD_TOKEN_KINDS = [
  'none',
  'garbage',
  'wrong-key',
  'expired',
  'alg-none',
  'wrong-issuer',
] as const;
export type BadTokenKind = (typeof BAD_TOKEN_KINDS)[number];

const ADMIN_CLAIMS = {
  client_id: 'local-admin',
  scope:
    'motcua/dossiers.submit motcua/dossiers.read motcua/dossiers.process motcua/reports.read motcua/catalog.admin',
  token_use: 'access',
  version: 2,
};

/**
 * An admin access token as the runtime's token endpoint signs it (HS256 with its key, its
 * issuer, valid for an hour), but for what `options` change.
 */
export function mintToken(
  target: FuzzTarget,
  options: { key?: Uint8Array; issuer?: string; iat?: number; exp?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(ADMIN_CLAIMS)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'motcua-local' })
    .setSubject('local-admin')
    .setIssuer(options.issuer ?? target.issuer)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(options.key ?? Buffer.from(target.signingKey, 'base64url'));
}

/**
 * Tokens the gateway must refuse with 401, each otherwise a valid admin token (every scope;
 * mintToken) so that only the named defect can be the reason: signed with another key, expired
 * an hour ago, unsigned (`alg: none`), or from another issuer. `none` is no Authorization
 * header at all.
 */
export async function badTokens(target: FuzzTarget): Promise<Record<BadTokenKind, string | undefined>> {
  const now = Math.floor(Date.now() / 1000);
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${segment({ alg: 'none', typ: 'JWT' })}.${segment({
    ...ADMIN_CLAIMS,
    sub: 'local-admin',
    iss: target.issuer,
    iat: now,
    exp: now + 3600,
  })}.`;
  return {
    none: undefined,
    garbage: 'not-a-jwt',
    'wrong-key': await mintToken(target, { key: Buffer.alloc(32, 7) }),
    expired: await mintToken(target, { iat: now - 7200, exp: now - 3600 }),
    'alg-none': unsigned,
    'wrong-issuer': await mintToken(target, { issuer: 'https://cognito-idp.example/other-pool' }),
  };
}

/** Whether a response is a problem document as api.md describes it (type, title, status, detail). */
export function problemDefect(response: RawResponse): string | undefined {
  if (!/^application\/problem\+json/i.test(response.headers['content-type'] ?? '')) {
    return `content-type is "${response.headers['content-type'] ?? ''}", not application/problem+json`;
  }
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return 'the body is not a JSON object';
  for (const field of ['type', 'title', 'detail'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return `the problem has no ${field}`;
  }
  if (body.status !== response.status)
    return `the problem's status ${String(body.status)} is not ${response.status}`;
  return undefined;
}
