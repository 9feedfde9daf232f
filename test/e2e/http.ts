/**
 * Small helpers for e2e tests against the local runtime: base URL, tokens, JSON requests,
 * polling, and the webhook receiver's control API.
 */
import { inject } from 'vitest';
import type { ReceivedWebhook } from './webhook-receiver.ts';

export const DEV_SECRET = 'local-secret';

export const baseUrl = (): string => inject('e2eBaseUrl');

export type TokenResult = { status: number; json: Record<string, unknown> };

/** POST /oauth2/token with HTTP Basic credentials; the raw answer (for error cases). */
export async function requestToken(
  clientId: string,
  options: { secret?: string; scope?: string; grantType?: string } = {},
): Promise<TokenResult> {
  const form = new URLSearchParams({ grant_type: options.grantType ?? 'client_credentials' });
  if (options.scope !== undefined) form.set('scope', options.scope);
  const credentials = Buffer.from(`${clientId}:${options.secret ?? DEV_SECRET}`).toString('base64');
  const response = await fetch(`${baseUrl()}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** An access token for a development client (all its allowed scopes unless `scope` is given). */
export async function token(clientId: string, scope?: string): Promise<string> {
  const { status, json } = await requestToken(clientId, scope === undefined ? {} : { scope });
  if (status !== 200 || typeof json.access_token !== 'string') {
    throw new Error(`token for ${clientId}: ${status} ${JSON.stringify(json)}`);
  }
  return json.access_token;
}

export type ApiResponse<T = unknown> = { status: number; headers: Headers; json: T; text: string };

/** A request to the API; `body` is sent as JSON unless it is a string. */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl()}${path}`, { method, headers, body });
  const text = await response.text();
  const isJson = /json/i.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    json: (isJson && text ? JSON.parse(text) : undefined) as T,
    text,
  };
}

/**
 * Calls `probe` until it stops throwing (e.g. its expect() passes) or the deadline passes; then
 * rethrows its last error. For what the pollers do asynchronously (routing, delivery).
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
    }
  }
}

/** The claims of a JWT (no verification: for asserting what a token carries). */
export function decodeJwt(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The webhooks the receiver has recorded, in arrival order, narrowed to a dossier and/or agency. */
export async function receivedWebhooks(
  filter: { dossierCode?: string; agencyId?: string } = {},
): Promise<ReceivedWebhook[]> {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined));
  const response = await fetch(`${inject('e2eReceiverUrl')}/_received?${query}`);
  if (response.status !== 200) throw new Error(`GET /_received: ${response.status}`);
  return ((await response.json()) as { items: ReceivedWebhook[] }).items;
}

/** Tells the receiver to answer 500 to every delivery of this dossier from now on. */
export async function poisonDossier(dossierCode: string): Promise<void> {
  const response = await fetch(`${inject('e2eReceiverUrl')}/_poison`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dossierCode }),
  });
  if (response.status !== 204) throw new Error(`POST /_poison: ${response.status}`);
}
