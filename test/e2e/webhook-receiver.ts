/**
 * A stand-in for the agency systems' own endpoints, for e2e tests: a node:http server on
 * 127.0.0.1 that takes the runtime's signed webhook POSTs on `/agencies/<agencyId>` and records
 * each one. It checks the signature (HMAC-SHA256 over `{timestamp}.{raw body}` with the shared
 * secret, timestamp within five minutes) and answers 401 when it does not hold; it answers 500
 * for dossiers it was told to fail ("poison"), else 204.
 *
 * It lives in the vitest main process (global setup) while tests run in workers, so the same
 * server has a small control API:
 *   GET  /_received[?dossierCode=&agencyId=]  → { items: ReceivedWebhook[] } in arrival order
 *   POST /_poison { dossierCode }             → 204; deliveries of that dossier then get 500
 *
 * It also stands in for the national portal's sync endpoint, `POST /portal`: the first two posts
 * of each kind (service) for a dossier fail (503, or dropped while stopped), later ones get 200; while it is "stopped"
 * (`POST /_portal { "stopped": true }`) every post's connection is dropped unanswered.
 * `GET /_received?path=/portal&dossierCode=` lists them (dossierCode from `data[0].MaHoSo`);
 * without `path`, `/_received` lists the agency webhooks only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The HMAC secret the runtime under test signs with (MOTCUA_WEBHOOK_SECRET). */
export const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret';

/** How far a webhook's timestamp may be from the receiver's clock. */
const MAX_SKEW_SECONDS = 300;

export type ReceivedWebhook = {
  /** When it arrived (ISO). */
  at: string;
  method: string;
  path: string;
  /** From the path `/agencies/<agencyId>`. */
  agencyId: string | undefined;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed body, or undefined when it was not JSON. */
  json: unknown;
  eventId: string | undefined;
  dossierCode: string | undefined;
  reason: string | undefined;
  /** Whether the signature and timestamp held. */
  signatureValid: boolean;
  /** The n-th request seen with this event id (1-based). */
  attempt: number;
  /** What the receiver answered. */
  status: number;
};

export type WebhookReceiver = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
};

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` */
export function expectedSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

function signatureHolds(secret: string, headers: Record<string, string>, rawBody: string): boolean {
  const timestamp = headers['x-motcua-timestamp'];
  const signature = headers['x-motcua-signature'];
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(expectedSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
const stringField = (value: unknown, name: string): string | undefined => {
  const found = field(value, name);
  return typeof found === 'string' ? found : undefined;
};

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startWebhookReceiver(secret: string = E2E_WEBHOOK_SECRET): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const poison = new Set<string>();
  const portalPosts = new Map<string, number>();
  let portalStopped = false;

  async function portal(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const rawBody = await readBody(request);
    const headers = headerRecord(request);
    const json = parseJson(rawBody);
    const data = field(json, 'data');
    const dossierCode = Array.isArray(data) ? stringField(data[0], 'MaHoSo') : undefined;
    const kind = `${dossierCode}/${stringField(json, 'service')}`;
    const attempt = (portalPosts.get(kind) ?? 0) + 1;
    const signatureValid = signatureHolds(secret, headers, rawBody);
    const status = portalStopped ? 0 : !signatureValid ? 401 : attempt <= 2 ? 503 : 200;
    // A dropped post counts as a failed one: "the first two" are the first two attempts.
    portalPosts.set(kind, attempt);
    const eventId = headers['x-motcua-event-id'];
    received.push({
      at: new Date().toISOString(),
      method: request.method ?? '',
      path,
      agencyId: undefined,
      headers,
      rawBody,
      json,
      eventId,
      dossierCode,
      reason: undefined,
      signatureValid,
      attempt,
      status,
    });
    if (status === 0) {
      request.socket.destroy();
      return;
    }
    send(response, status);
  }

  async function webhook(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const rawBody = await readBody(request);
    const headers = headerRecord(request);
    const json = parseJson(rawBody);
    const eventId = headers['x-motcua-event-id'] ?? stringField(json, 'eventId');
    const dossierCode = stringField(field(json, 'dossier'), 'dossierCode');
    const attempt = eventId === undefined ? 1 : (attempts.get(eventId) ?? 0) + 1;
    if (eventId !== undefined) attempts.set(eventId, attempt);
    const signatureValid = signatureHolds(secret, headers, rawBody);
    const status = !signatureValid
      ? 401
      : dossierCode !== undefined && poison.has(dossierCode)
        ? 500
        : json === undefined
          ? 400
          : 204;
    received.push({
      at: new Date().toISOString(),
      method: request.method ?? '',
      path,
      agencyId: /^\/agencies\/([^/]+)$/.exec(path)?.[1],
      headers,
      rawBody,
      json,
      eventId,
      dossierCode,
      reason: stringField(json, 'reason'),
      signatureValid,
      attempt,
      status,
    });
    send(response, status);
  }

  async function control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.method === 'GET' && url.pathname === '/_received') {
      const dossierCode = url.searchParams.get('dossierCode');
      const agencyId = url.searchParams.get('agencyId');
      const path = url.searchParams.get('path');
      const items = received.filter(
        (r) =>
          (dossierCode === null || r.dossierCode === dossierCode) &&
          (agencyId === null || r.agencyId === agencyId) &&
          // Without a path: the agency webhooks (portal posts only when asked for by path).
          (path === null ? r.path !== '/portal' : r.path === path),
      );
      send(response, 200, { items });
      return;
    }
    if (request.method === 'POST' && url.pathname === '/_poison') {
      const dossierCode = stringField(parseJson(await readBody(request)), 'dossierCode');
      if (!dossierCode) {
        send(response, 400, { error: 'dossierCode required' });
        return;
      }
      poison.add(dossierCode);
      send(response, 204);
      return;
    }
    if (request.method === 'POST' && url.pathname === '/_portal') {
      portalStopped = field(parseJson(await readBody(request)), 'stopped') === true;
      send(response, 204);
      return;
    }
    send(response, 404, { error: 'no such control route' });
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const handle =
      request.method === 'POST' && url.pathname.startsWith('/agencies/')
        ? webhook(request, response, url.pathname)
        : request.method === 'POST' && url.pathname === '/portal'
          ? portal(request, response, url.pathname)
          : control(request, response, url);
    handle.catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: String(error) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
