/**
 * The local API: a node:http server that plays API Gateway (REST, Lambda proxy integration,
 * Cognito user-pool authorizer) in front of the same handler modules Lambda runs, plus the
 * OAuth2 client-credentials token endpoint that plays the Cognito domain's `/oauth2/token`.
 *
 * Per request: check the request's size against API Gateway's limits (431/413) → answer a CORS
 * preflight for the configured origins → match ROUTES (404/405 otherwise) → for `token` routes
 * verify the bearer token and check that it carries a motcua scope, as the stack's authorizer
 * does (401) → read the body (413; 408 when it does not arrive in time) → build the REST v1 proxy
 * event → invoke the route's function, which checks the route's own scope and the caller's rate
 * (shared/runtime/route-access.ts: 403, 429) → write its `{ statusCode, headers, body }`.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  ALL_SCOPES,
  type FunctionId,
  GATEWAY_SCOPES,
  ROUTES,
  type RouteSpec,
  SIMULATED_PAYMENT_GATEWAY_PATH,
} from '#infra/topology.ts';
import { corsOrigins, PREFLIGHT_HEADERS } from '#shared/runtime/cors.ts';
import { type Problem, problem } from '#shared/runtime/problem.ts';
import { LOCAL_ACCOUNT_ID } from './constants.ts';
import { type DevClient, findDevClient } from './dev-clients.ts';
import { FunctionTimeoutError } from './lambda.ts';
import { describeError, type Log, silentLog } from './log.ts';
import { simulatedPaymentGateway } from './payment-gateway.ts';
import { authorizerClaims, type TokenService } from './tokens.ts';

// API Gateway's limits for a REST API ("Quotas for configuring and running a REST API in API
// Gateway", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html):
// "Payload size: 10 MB" and "Total combined size of request line and header values: 10240 bytes",
// neither of which can be increased.

/** API Gateway's payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** API Gateway's limit on the request line plus the header values (names not counted). */
export const MAX_HEADER_BYTES = 10_240;
/** How long a client has to send a whole request (headers and body) unless the server is told otherwise. */
export const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Node's own header parser limit (names included): a backstop above MAX_HEADER_BYTES so that the
 * gateway's own check, which counts as API Gateway does, answers first.
 */
const PARSER_MAX_HEADER_BYTES = 32 * 1024;
const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;
const STAGE = 'v1';
const TOKEN_PATH = '/oauth2/token';

// ---------------------------------------------------------------------------------------------
// Responses

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer | string,
) {
  if (res.headersSent) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}

/** A problem to answer instead of going on, with the headers it needs (allow, www-authenticate). */
class Refusal {
  readonly problem: Problem;
  readonly headers: Record<string, string>;
  constructor(p: Problem, headers: Record<string, string> = {}) {
    this.problem = p;
    this.headers = headers;
  }
}

function sendProblem(res: ServerResponse, p: Problem, headers: Record<string, string> = {}): void {
  send(
    res,
    p.status,
    { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    JSON.stringify(p),
  );
}

function sendOAuth(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  send(
    res,
    status,
    {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...headers,
    },
    JSON.stringify(body),
  );
}

// ---------------------------------------------------------------------------------------------
// Routing

type CompiledRoute = { spec: RouteSpec; segments: string[]; literals: number };

const splitPath = (path: string): string[] => path.split('/').slice(1);

function compile(routes: readonly RouteSpec[]): CompiledRoute[] {
  return routes
    .map((spec) => {
      const segments = splitPath(spec.path);
      return { spec, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
    })
    .sort((a, b) => b.literals - a.literals);
}

/** Path parameters if `segments` fits the template, else undefined. */
function matchTemplate(route: CompiledRoute, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, template] of route.segments.entries()) {
    const actual = segments[i] ?? '';
    if (template.startsWith('{') && template.endsWith('}')) {
      if (actual === '') return undefined;
      params[template.slice(1, -1)] = actual;
    } else if (template !== actual) {
      return undefined;
    }
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Limits

/** The request line plus the header values, as API Gateway counts them. */
function headerBytes(req: IncomingMessage): number {
  let size = Buffer.byteLength(`${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}`);
  for (let i = 1; i < req.rawHeaders.length; i += 2) size += Buffer.byteLength(req.rawHeaders[i] ?? '');
  return size;
}

const headersTooLarge = (): Problem =>
  problem(
    431,
    'headers-too-large',
    `The request line and header values together are larger than ${MAX_HEADER_BYTES} bytes`,
    { title: 'Request Header Fields Too Large' },
  );

const bodyTooLarge = (limit: number): Problem =>
  problem(413, 'too-large', `The request body is larger than ${limit} bytes`);

const requestTimedOut = (timeoutMs: number): Problem =>
  problem(408, 'request-timeout', `The request did not arrive in full within ${timeoutMs / 1000} s`, {
    title: 'Request Timeout',
  });

// The body is not read: the connection cannot carry another request.
const CLOSE = { connection: 'close' };

/** API Gateway's size limits, checked before anything else is done with the request. */
function checkRequestSize(req: IncomingMessage): Refusal | undefined {
  if (headerBytes(req) > MAX_HEADER_BYTES) return new Refusal(headersTooLarge(), CLOSE);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) {
    return new Refusal(bodyTooLarge(MAX_REQUEST_BYTES), CLOSE);
  }
  return undefined;
}

/**
 * Node's request timer, set so that a request still incomplete after `timeoutMs` has its answer
 * by then: Node looks for expired requests once per checking interval, so it starts that much
 * earlier.
 */
function requestTimers(timeoutMs: number) {
  if (!(timeoutMs > 0)) throw new Error(`requestTimeoutMs must be positive (got ${timeoutMs})`);
  const connectionsCheckingInterval = Math.min(1_000, Math.max(10, Math.floor(timeoutMs / 10)));
  const requestTimeout = Math.max(1, timeoutMs - connectionsCheckingInterval);
  return { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval };
}

/** An HTTP/1.1 response written straight to a socket that has no ServerResponse (yet). */
function rawProblemResponse(p: Problem): string {
  const body = JSON.stringify(p);
  return [
    `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? 'Error'}`,
    'content-type: application/problem+json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Node's `clientError`: a request that timed out, headers past the parser's limit, or bytes that
 * are not HTTP. Answered as a problem (Node's own answers have no body), through the request's
 * response when its handler already has one (a body that stopped arriving), else on the socket.
 */
function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  response: ServerResponse | undefined,
  timeoutMs: number,
): void {
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const p =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? requestTimedOut(timeoutMs)
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? headersTooLarge()
        : problem(400, 'bad-request', 'The request is not well-formed HTTP/1.1');
  // With `connection: close` Node ends the connection once the answer is out.
  if (response) sendProblem(response, p, CLOSE);
  else socket.end(rawProblemResponse(p), () => socket.destroy());
}

// ---------------------------------------------------------------------------------------------
// Request reading

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Past the limit the rest is read and dropped (up to a bound): leaving the loop destroys the
    // socket, and a client still sending would get a reset instead of the 413.
    if (size > limit * DRAIN_FACTOR) break;
    if (size <= limit) chunks.push(buffer);
  }
  if (size > limit) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

/** How far past its limit an oversized body is still read so that its sender gets the answer. */
const DRAIN_FACTOR = 4;

/** The API request's body, or a 413 once it passes API Gateway's payload limit. */
async function readApiBody(req: IncomingMessage): Promise<Buffer | Refusal> {
  try {
    return await readBody(req, MAX_REQUEST_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return new Refusal(bodyTooLarge(MAX_REQUEST_BYTES), CLOSE);
  }
}

/** Headers as API Gateway passes them: names as sent; `headers` keeps the last value. */
function eventHeaders(req: IncomingMessage) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const nameOf = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const raw = req.rawHeaders[i] ?? '';
    const value = req.rawHeaders[i + 1] ?? '';
    const lower = raw.toLowerCase();
    const name = nameOf.get(lower) ?? raw;
    nameOf.set(lower, name);
    headers[name] = value;
    const values = multiValueHeaders[name] ?? [];
    values.push(value);
    multiValueHeaders[name] = values;
  }
  return { headers, multiValueHeaders };
}

function eventQuery(search: URLSearchParams) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of search) {
    single[name] = value;
    const values = multi[name] ?? [];
    values.push(value);
    multi[name] = values;
  }
  const none = Object.keys(single).length === 0;
  return {
    queryStringParameters: none ? null : single,
    multiValueQueryStringParameters: none ? null : multi,
  };
}

const sourceIp = (req: IncomingMessage): string =>
  (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

/** `09/Apr/2015:12:34:56 +0000`, API Gateway's requestTime. */
function requestTime(date: Date): string {
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    date.getUTCMonth()
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------------------------------------
// The steps of an API request

/** The route that fits the request, with its decoded path parameters. */
type RouteMatch = { route: RouteSpec; pathParameters: Record<string, string> };

function matchRoute(routes: CompiledRoute[], method: string, pathname: string): RouteMatch | Refusal {
  const segments = splitPath(pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname);
  const candidates = routes.flatMap((route) => {
    const params = matchTemplate(route, segments);
    return params ? [{ route, params }] : [];
  });
  if (candidates.length === 0) return new Refusal(problem(404, 'not-found', `No resource at ${pathname}`));
  const match = candidates.find((c) => c.route.spec.method === method);
  if (!match) {
    const allow = [...new Set(candidates.map((c) => c.route.spec.method))].join(', ');
    return new Refusal(problem(405, 'method-not-allowed', `${method} is not allowed here; use ${allow}`), {
      allow,
    });
  }
  try {
    const pathParameters = Object.fromEntries(
      Object.entries(match.params).map(([name, value]) => [name, decodeURIComponent(value)]),
    );
    return { route: match.route.spec, pathParameters };
  } catch {
    return new Refusal(problem(400, 'validation', 'The path is not correctly percent-encoded'));
  }
}

/**
 * The Cognito authorizer as the stack configures it: a `token` route needs a valid bearer token
 * holding any of GATEWAY_SCOPES (a Cognito authorizer answers a token with none of a method's
 * scopes with its 401). The route's own scope is the function's to check, as in AWS.
 */
async function authenticate(
  route: RouteSpec,
  req: IncomingMessage,
  tokens: TokenService,
): Promise<{ claims: Record<string, string> | undefined } | Refusal> {
  if (route.auth !== 'token') return { claims: undefined };
  const authorization = req.headers.authorization?.trim() ?? '';
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  if (token === '') {
    return new Refusal(problem(401, 'unauthorized', 'A bearer token is required'), {
      'www-authenticate': 'Bearer realm="motcua"',
    });
  }
  let payload: Awaited<ReturnType<TokenService['verify']>>;
  try {
    payload = await tokens.verify(token);
  } catch {
    return new Refusal(problem(401, 'unauthorized', 'The token is invalid or expired'), {
      'www-authenticate': 'Bearer realm="motcua", error="invalid_token"',
    });
  }
  const granted = payload.scope.split(' ').filter(Boolean);
  if (!GATEWAY_SCOPES.some((scope) => granted.includes(scope))) {
    return new Refusal(problem(401, 'unauthorized', 'The token holds no motcua scope'), {
      'www-authenticate': 'Bearer realm="motcua", error="invalid_token"',
    });
  }
  return { claims: authorizerClaims(payload) };
}

/**
 * A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) when origins are
 * configured: 204 with the preflight headers, naming the origin only when it is one of them (a
 * browser then refuses the others). Otherwise undefined: routing answers, as without CORS.
 */
function preflightHeaders(
  req: IncomingMessage,
  method: string,
  origins: readonly string[],
): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (
    method !== 'OPTIONS' ||
    origins.length === 0 ||
    !origin ||
    !req.headers['access-control-request-method']
  ) {
    return undefined;
  }
  return {
    ...PREFLIGHT_HEADERS,
    ...(origins.includes(origin) ? { 'access-control-allow-origin': origin } : {}),
    vary: 'Origin',
  };
}

type ProxyRequest = {
  req: IncomingMessage;
  url: URL;
  method: string;
  /** The server's host, where the request has no Host header. */
  host: string;
  match: RouteMatch;
  claims: Record<string, string> | undefined;
  body: Buffer;
  requestId: string;
};

/** The REST (v1) Lambda proxy integration's event. */
function proxyEvent({
  req,
  url,
  method,
  host,
  match,
  claims,
  body,
  requestId,
}: ProxyRequest): APIGatewayProxyEvent {
  const now = new Date();
  const { route, pathParameters } = match;
  const { headers, multiValueHeaders } = eventHeaders(req);
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    ...eventQuery(url.searchParams),
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      authorizer: claims ? { claims } : null,
      domainName: req.headers.host ?? host,
      domainPrefix: (req.headers.host ?? host).split('.')[0] ?? '',
      extendedRequestId: requestId,
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: sourceIp(req),
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: route.path,
      stage: STAGE,
    },
  };
}

/** Invokes the route's function; a throw or a timeout becomes API Gateway's 500 or 504. */
async function invokeRoute(
  invoke: InvokeFunction,
  log: Log,
  route: RouteSpec,
  event: APIGatewayProxyEvent,
): Promise<{ result: unknown } | Refusal> {
  try {
    return { result: await invoke(route.function, event) };
  } catch (error) {
    // Never log the request (bodies carry applicants' personal data): only where it failed.
    const timedOut = error instanceof FunctionTimeoutError;
    const requestId = event.requestContext.requestId;
    log.error(timedOut ? 'function timed out' : 'function threw', {
      function: route.function,
      method: event.httpMethod,
      resource: route.path,
      requestId,
      error: describeError(error, !timedOut),
    });
    return new Refusal(
      timedOut
        ? problem(504, 'timeout', 'The request took too long; it is safe to retry')
        : problem(500, 'internal', 'The request could not be completed; it is safe to retry'),
      { 'x-amzn-requestid': requestId },
    );
  }
}

/** Answers with the refusal's problem; a body left unread is discarded, not parsed. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  sendProblem(res, refusal.problem, refusal.headers);
  if (refusal.headers.connection === 'close') req.resume();
}

// ---------------------------------------------------------------------------------------------
// Server

export type InvokeFunction = (functionId: FunctionId, event: APIGatewayProxyEvent) => Promise<unknown>;

export type HttpServerOptions = {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0: any free port. */
  port: number;
  tokens: (issuer: string) => TokenService;
  invoke: InvokeFunction;
  routes?: readonly RouteSpec[];
  findClient?: (clientId: string) => DevClient | undefined;
  /** How long a client has to send a whole request before a 408 (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  log?: Log;
};

export type LocalHttpServer = {
  url: string;
  port: number;
  tokens: TokenService;
  server: Server;
  stop(): Promise<void>;
};

/** The issuer of local tokens for a server at `url`. */
export const localIssuer = (url: string): string => `${url}/local`;

export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? silentLog;
  const routes = compile(options.routes ?? ROUTES);
  const findClient = options.findClient ?? findDevClient;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  let tokens: TokenService | undefined;
  let port = 0;
  // The response a connection's current request is answered on, for clientError.
  const responses = new WeakMap<Duplex, ServerResponse>();

  const server = createServer(
    { ...requestTimers(requestTimeoutMs), maxHeaderSize: PARSER_MAX_HEADER_BYTES },
    (req, res) => {
      responses.set(req.socket, res);
      res.once('close', () => {
        if (responses.get(req.socket) === res) responses.delete(req.socket);
      });
      handle(req, res).catch((error: unknown) => {
        // Already answered (e.g. 408): the client's connection ended under the handler.
        if (res.headersSent) {
          log.debug('request ended after its answer', { error: describeError(error) });
          return;
        }
        log.error('request failed in the local gateway', { error: describeError(error, true) });
        sendProblem(res, problem(500, 'internal', 'The local gateway failed to handle the request'));
      });
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, responses.get(socket), requestTimeoutMs),
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokens) throw new Error('server not ready');
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const oversized = checkRequestSize(req);
    if (oversized) return sendRefusal(req, res, oversized);
    if (url.pathname === TOKEN_PATH) return tokenEndpoint(req, res, method, tokens, findClient);
    // Local only: the simulated payment gateway's page (infra/local/payment-gateway.ts).
    if (url.pathname === SIMULATED_PAYMENT_GATEWAY_PATH) {
      return simulatedPaymentGateway(req, res, url, method, `http://${host}:${port}`);
    }
    const preflight = preflightHeaders(req, method, corsOrigins());
    if (preflight) return send(res, 204, preflight, '');
    return apiRequest(req, res, url, method, tokens);
  }

  /** match route → authenticate → read body → build event → invoke → write response. */
  async function apiRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    issuer: TokenService,
  ): Promise<void> {
    const match = matchRoute(routes, method, url.pathname);
    if (match instanceof Refusal) return sendRefusal(req, res, match);
    const auth = await authenticate(match.route, req, issuer);
    if (auth instanceof Refusal) return sendRefusal(req, res, auth);
    const body = await readApiBody(req);
    if (body instanceof Refusal) return sendRefusal(req, res, body);
    const requestId = randomUUID();
    const event = proxyEvent({ req, url, method, host, match, claims: auth.claims, body, requestId });
    const outcome = await invokeRoute(options.invoke, log, match.route, event);
    if (outcome instanceof Refusal) return sendRefusal(req, res, outcome);
    writeProxyResult(res, outcome.result, requestId, match.route.function, log);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  ({ port } = server.address() as AddressInfo);
  const url = `http://${host}:${port}`;
  tokens = options.tokens(localIssuer(url));
  const issued = tokens;

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    tokens: issued,
    server,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running get a moment, then their connections are cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      return stopping;
    },
  };
}

/** The Cognito domain's `/oauth2/token`, client-credentials grant only, for the development clients. */
async function tokenEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  issuer: TokenService,
  findClient: (clientId: string) => DevClient | undefined,
) {
  if (method !== 'POST') {
    return sendProblem(res, problem(405, 'method-not-allowed', `${method} is not allowed here; use POST`), {
      allow: 'POST',
    });
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    res.setHeader('connection', 'close');
    sendOAuth(res, 400, { error: 'invalid_request' });
    req.resume();
    return;
  }
  if (contentType !== 'application/x-www-form-urlencoded')
    return sendOAuth(res, 400, { error: 'invalid_request' });
  const form = new URLSearchParams(raw.toString('utf8'));

  const client = authenticateClient(req.headers.authorization ?? '', form, findClient);
  if (client === 'mismatch') return sendOAuth(res, 400, { error: 'invalid_request' });
  if (!client || !sameSecret(client.expected.secret, client.secret)) {
    return sendOAuth(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="motcua"' });
  }

  const grantType = form.get('grant_type');
  if (!grantType) return sendOAuth(res, 400, { error: 'invalid_request' });
  if (grantType !== 'client_credentials') return sendOAuth(res, 400, { error: 'unsupported_grant_type' });

  const scopes = grantedScopes(client.expected, form.get('scope'));
  if (!scopes) return sendOAuth(res, 400, { error: 'invalid_scope' });
  sendOAuth(res, 200, { ...(await issuer.issue(client.expected.binding.clientId, scopes)) });
}

/**
 * Client authentication: HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret), or
 * client_id/client_secret in the body. `mismatch`: Basic and the form name different clients.
 */
function authenticateClient(
  authorization: string,
  form: URLSearchParams,
  findClient: (clientId: string) => DevClient | undefined,
): { expected: DevClient; secret: string } | 'mismatch' | undefined {
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  const basic = /^Basic\s+(.+)$/i.exec(authorization.trim());
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    }
    const formId = form.get('client_id');
    if (formId !== null && formId !== clientId) return 'mismatch';
  } else {
    clientId = form.get('client_id') ?? undefined;
    clientSecret = form.get('client_secret') ?? undefined;
  }
  if (!clientId || clientSecret === undefined) return undefined;
  const expected = findClient(clientId);
  return expected ? { expected, secret: clientSecret } : undefined;
}

const formDecode = (s: string): string => {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
};

/** The scopes a token gets: all the client may have, or those asked for if it may have them all. */
function grantedScopes(client: DevClient, scope: string | null): readonly string[] | undefined {
  const requested = (scope ?? '').split(/\s+/).filter(Boolean);
  if (requested.length === 0) return client.allowedScopes;
  const allowed = new Set<string>(client.allowedScopes);
  if (!requested.every((s) => allowed.has(s))) return undefined;
  // Keep the catalogue order: tokens for the same request look the same.
  return ALL_SCOPES.filter((s) => requested.includes(s));
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sameSecret = (expected: string, given: string): boolean =>
  timingSafeEqual(digest(expected), digest(given));

/** Writes a Lambda proxy result; anything else is API Gateway's 502 (malformed response). */
function writeProxyResult(
  res: ServerResponse,
  result: unknown,
  requestId: string,
  functionId: string,
  log: Log,
): void {
  const r = result as {
    statusCode?: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown[]>;
    body?: unknown;
    isBase64Encoded?: unknown;
  } | null;
  if (
    !r ||
    typeof r !== 'object' ||
    typeof r.statusCode !== 'number' ||
    (r.body != null && typeof r.body !== 'string')
  ) {
    log.error('malformed Lambda proxy response', { function: functionId, requestId });
    sendProblem(res, problem(502, 'bad-gateway', 'The function returned a malformed response'), {
      'x-amzn-requestid': requestId,
    });
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.multiValueHeaders ?? {})) {
    if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String);
  }
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  headers['x-amzn-requestid'] = requestId;
  const body = typeof r.body === 'string' ? r.body : '';
  send(res, r.statusCode, headers, r.isBase64Encoded === true ? Buffer.from(body, 'base64') : body);
}
