/**
 * The local API: a node:http server that plays API Gateway (REST, Lambda proxy integration,
 * Cognito user-pool authorizer) in front of the same handler modules Lambda runs, plus the
 * OAuth2 client-credentials token endpoint that plays the Cognito domain's `/oauth2/token`.
 *
 * Per request: match ROUTES (404/405 otherwise) → for `token` routes verify the bearer token
 * and check that it carries one of the route's scopes (401/403) → build the REST v1 proxy
 * event → invoke the route's function → write its `{ statusCode, headers, body }`.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ALL_SCOPES, type FunctionId, ROUTES, type RouteSpec } from '#infra/topology.ts';
import { type Problem, problem } from '#shared/runtime/problem.ts';
import { LOCAL_ACCOUNT_ID } from './constants.ts';
import { type DevClient, findDevClient } from './dev-clients.ts';
import { FunctionTimeoutError } from './lambda.ts';
import { describeError, type Log, silentLog } from './log.ts';
import { authorizerClaims, type TokenService } from './tokens.ts';

/** API Gateway's payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
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
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
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
  let tokens: TokenService | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('request failed in the local gateway', { error: describeError(error, true) });
      sendProblem(res, problem(500, 'internal', 'The local gateway failed to handle the request'));
    });
  });
  // What Node's parser refuses (request line or headers over 16 KiB, malformed HTTP) never
  // reaches `handle`: answer it as problem+json too, as API Gateway's DEFAULT_4XX response does.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const p =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? problem(431, 'too-large', 'The request line or headers are larger than 16 KiB', {
            title: 'Request Header Fields Too Large',
          })
        : problem(400, 'validation', 'The request is not well-formed HTTP/1.1');
    const body = JSON.stringify(p);
    socket.end(
      `HTTP/1.1 ${p.status} ${p.title}\r\ncontent-type: application/problem+json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokens) throw new Error('server not ready');
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === TOKEN_PATH) return tokenEndpoint(req, res, method, tokens);

    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    const segments = splitPath(pathname);
    const candidates = routes.flatMap((route) => {
      const params = matchTemplate(route, segments);
      return params ? [{ route, params }] : [];
    });
    if (candidates.length === 0) {
      return sendProblem(res, problem(404, 'not-found', `No resource at ${url.pathname}`));
    }
    const match = candidates.find((c) => c.route.spec.method === method);
    if (!match) {
      const allow = [...new Set(candidates.map((c) => c.route.spec.method))].join(', ');
      return sendProblem(
        res,
        problem(405, 'method-not-allowed', `${method} is not allowed here; use ${allow}`),
        {
          allow,
        },
      );
    }
    const route = match.route.spec;

    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(
        Object.entries(match.params).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
    } catch {
      return sendProblem(res, problem(400, 'validation', 'The path is not correctly percent-encoded'));
    }

    // The Cognito authorizer.
    let claims: Record<string, string> | undefined;
    if (route.auth === 'token') {
      const authorization = req.headers.authorization?.trim() ?? '';
      const token = authorization.replace(/^Bearer\s+/i, '').trim();
      if (token === '') {
        return sendProblem(res, problem(401, 'unauthorized', 'A bearer token is required'), {
          'www-authenticate': 'Bearer realm="motcua"',
        });
      }
      let payload: Awaited<ReturnType<TokenService['verify']>>;
      try {
        payload = await tokens.verify(token);
      } catch {
        return sendProblem(res, problem(401, 'unauthorized', 'The token is invalid or expired'), {
          'www-authenticate': 'Bearer realm="motcua", error="invalid_token"',
        });
      }
      const granted = payload.scope.split(' ').filter(Boolean);
      if (!route.scopes.some((scope) => granted.includes(scope))) {
        return sendProblem(
          res,
          problem(
            403,
            'forbidden',
            `The token lacks the scope this route needs (one of: ${route.scopes.join(', ')})`,
          ),
          {
            'www-authenticate': `Bearer realm="motcua", error="insufficient_scope", scope="${route.scopes.join(' ')}"`,
          },
        );
      }
      claims = authorizerClaims(payload);
    }

    let body: Buffer;
    try {
      body = await readBody(req, MAX_REQUEST_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      sendProblem(
        res,
        problem(413, 'too-large', `The request body is larger than ${MAX_REQUEST_BYTES} bytes`),
      );
      req.resume();
      return;
    }

    const requestId = randomUUID();
    const now = new Date();
    const { headers, multiValueHeaders } = eventHeaders(req);
    const event: APIGatewayProxyEvent = {
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

    let result: unknown;
    try {
      result = await options.invoke(route.function, event);
    } catch (error) {
      // Never log the request (bodies carry applicants' personal data): only where it failed.
      const timedOut = error instanceof FunctionTimeoutError;
      log.error(timedOut ? 'function timed out' : 'function threw', {
        function: route.function,
        method,
        resource: route.path,
        requestId,
        error: describeError(error, !timedOut),
      });
      return sendProblem(
        res,
        timedOut
          ? problem(504, 'timeout', 'The request took too long; it is safe to retry')
          : problem(500, 'internal', 'The request could not be completed; it is safe to retry'),
        { 'x-amzn-requestid': requestId },
      );
    }
    writeProxyResult(res, result, requestId, route.function, log);
  }

  async function tokenEndpoint(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    issuer: TokenService,
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

    // Client authentication: HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret), or
    // client_id/client_secret in the body.
    let clientId: string | undefined;
    let clientSecret: string | undefined;
    const authorization = req.headers.authorization ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(authorization.trim());
    if (basic) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const formDecode = (s: string) => {
        try {
          return decodeURIComponent(s.replaceAll('+', ' '));
        } catch {
          return s;
        }
      };
      if (colon > 0) {
        clientId = formDecode(decoded.slice(0, colon));
        clientSecret = formDecode(decoded.slice(colon + 1));
      }
      const formId = form.get('client_id');
      if (formId !== null && formId !== clientId) return sendOAuth(res, 400, { error: 'invalid_request' });
    } else {
      clientId = form.get('client_id') ?? undefined;
      clientSecret = form.get('client_secret') ?? undefined;
    }
    const unauthorized = () =>
      sendOAuth(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="motcua"' });
    if (!clientId || clientSecret === undefined) return unauthorized();
    const client = findClient(clientId);
    if (!client || !sameSecret(client.secret, clientSecret)) return unauthorized();

    const grantType = form.get('grant_type');
    if (!grantType) return sendOAuth(res, 400, { error: 'invalid_request' });
    if (grantType !== 'client_credentials') return sendOAuth(res, 400, { error: 'unsupported_grant_type' });

    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    let scopes: readonly string[] = client.allowedScopes;
    if (requested.length > 0) {
      const allowed = new Set<string>(client.allowedScopes);
      if (!requested.every((scope) => allowed.has(scope)))
        return sendOAuth(res, 400, { error: 'invalid_scope' });
      // Keep the catalogue order: tokens for the same request look the same.
      scopes = ALL_SCOPES.filter((scope) => requested.includes(scope));
    }
    sendOAuth(res, 200, { ...(await issuer.issue(client.binding.clientId, scopes)) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
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
