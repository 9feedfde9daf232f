/**
 * Small helpers for e2e tests against the local runtime: base URL, tokens, JSON requests,
 * polling, and the webhook receiver's control API.
 *
 * Every request goes through `contractFetch`, which checks each answer of the API against the
 * OpenAPI document the runtime publishes (GET /v1/openapi.json): a status, media type or body the
 * document does not describe fails the request that got it (test/fixtures/contract-responses.ts).
 */
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';
import { SIMULATED_PAYMENT_GATEWAY_PATH } from '#infra/topology.ts';
import {
  type Answer,
  assertKept,
  type OpenApiDocument,
  type ResponseValidator,
  responseValidator,
} from '../fixtures/contract-responses.ts';
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
  const response = await contractFetch(`${baseUrl()}/oauth2/token`, {
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

/**
 * Requests on the API's origin that the published contract does not describe, and why:
 * - `/oauth2/token` plays the Cognito domain's token endpoint, another host in AWS whose
 *   answers are OAuth 2.0's (RFC 6749), not this API's;
 * - SIMULATED_PAYMENT_GATEWAY_PATH is the stand-in for the bank's payment page, which the citizen's
 *   browser visits on the gateway's site in production.
 * Requests to other origins are outside it too: the webhook receiver (test/e2e/webhook-receiver.ts)
 * plays the agency systems and the national portal, and presigned upload and download URLs are
 * S3's (fauxqs here).
 */
const OUTSIDE_CONTRACT_PATHS = ['/oauth2/token', SIMULATED_PAYMENT_GATEWAY_PATH];

let validator: Promise<ResponseValidator> | undefined;

/** The published document, read once per test file; its own answer is checked like any other. */
function publishedContract(): Promise<ResponseValidator> {
  validator ??= (async () => {
    const response = await fetch(`${baseUrl()}/v1/openapi.json`, { headers: { accept: 'application/json' } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET /v1/openapi.json: ${response.status} ${body}`);
    const check = responseValidator(JSON.parse(body) as OpenApiDocument);
    const answer = {
      method: 'GET',
      path: '/v1/openapi.json',
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    };
    assertKept(check(answer), answer);
    return check;
  })();
  return validator;
}

/**
 * Checks one answer of the API against the published contract (throws naming the operation,
 * status and schema errors) and counts it for the run's tally (test/e2e/global-setup.ts). For
 * answers not read through `contractFetch` (raw sockets, a browser).
 */
export async function checkAnswer(answer: Answer): Promise<void> {
  const verdict = (await publishedContract())(answer);
  appendFileSync(inject('e2eContractTally'), `${verdict.operation} ${answer.status}\n`);
  assertKept(verdict, answer);
}

const outsideContract = (url: URL) =>
  url.origin !== new URL(baseUrl()).origin ||
  OUTSIDE_CONTRACT_PATHS.some((path) => url.pathname === path || url.pathname.startsWith(`${path}/`));

/**
 * `fetch`, with every answer of the API checked against the published contract (see
 * OUTSIDE_CONTRACT_PATHS for what is not). The body is read to check it, so the Response
 * returned is a copy that can be read again.
 */
export async function contractFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  const response = await fetch(url, init);
  if (outsideContract(url)) {
    appendFileSync(inject('e2eContractTally'), `outside ${url.pathname} ${response.status}\n`);
    return response;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  await checkAnswer({
    method: init.method ?? 'GET',
    path: `${url.pathname}${url.search}`,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: new TextDecoder().decode(bytes),
  });
  const empty = [101, 204, 205, 304].includes(response.status);
  return new Response(empty ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

export type ApiResponse<T = unknown> = {
  status: number;
  headers: Headers;
  json: T;
  text: string;
  bytes: Uint8Array;
};

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
  const response = await contractFetch(`${baseUrl()}${path}`, { method, headers, body });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const isJson = /json/i.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    json: (isJson && text ? JSON.parse(text) : undefined) as T,
    text,
    bytes,
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
  const response = await contractFetch(`${inject('e2eReceiverUrl')}/_received?${query}`);
  if (response.status !== 200) throw new Error(`GET /_received: ${response.status}`);
  return ((await response.json()) as { items: ReceivedWebhook[] }).items;
}

/** Tells the receiver to answer 500 to every delivery of this dossier from now on. */
export async function poisonDossier(dossierCode: string): Promise<void> {
  const response = await contractFetch(`${inject('e2eReceiverUrl')}/_poison`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dossierCode }),
  });
  if (response.status !== 204) throw new Error(`POST /_poison: ${response.status}`);
}
