/**
 * The primary adapter for API Gateway (REST, proxy integration): every API function is
 * `httpHandler(handle)`. It resolves the caller's profile, parses input against the contract's
 * zod schemas, and turns results and errors into JSON or problem+json responses.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ZodMiniType } from 'zod/mini';
import type * as z from 'zod/v4/core';
import type { Principal } from '#shared/domain/access.ts';
import { DomainError, forbidden, validationError } from '#shared/domain/errors.ts';
import type { Catalog } from '#shared/use-cases/ports.ts';
import { corsHeaders } from './cors.ts';
import { parameterErrors } from './parameter-errors.ts';
import { logger, metrics, publishStoredMetrics } from './powertools.ts';
import { type Problem, problem, problemFromDomainError } from './problem.ts';
import { admit } from './route-access.ts';

/** Largest JSON body accepted (documents are uploaded separately, never inline). */
export const MAX_BODY_BYTES = 256 * 1024;

export type HttpRequest = {
  event: APIGatewayProxyEvent;
  context: Context;
  /** Header names in lower case. */
  headers: Record<string, string>;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
};

/**
 * A handler's answer: JSON of `body`; or, when `body` is bytes (a PDF, a report export) or a string with a
 * `content-type` header (an HTML page), those as they are (bytes base64-encoded for the gateway).
 */
export type HttpResponse = { status: number; body?: unknown; headers?: Record<string, string> };

function encodeResponse(response: HttpResponse, extra: Record<string, string>): APIGatewayProxyResult {
  const headers = { ...response.headers, ...extra };
  if (response.body instanceof Uint8Array) {
    return {
      statusCode: response.status,
      headers,
      body: Buffer.from(response.body).toString('base64'),
      isBase64Encoded: true,
    };
  }
  if (typeof response.body === 'string' && response.headers?.['content-type'] !== undefined) {
    return { statusCode: response.status, headers, body: response.body };
  }
  return json(response.status, response.body, headers);
}

const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

export const problemResponse = (p: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode: p.status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  body: JSON.stringify(p),
});

function toProblem(error: unknown): Problem {
  if (error instanceof BodyProblem) return error.problem;
  if (error instanceof DomainError) return problemFromDomainError(error);
  const name = error instanceof Error ? error.name : '';
  // Log the failure without the request: bodies carry applicants' personal data.
  logger.error('unhandled error', {
    error: error instanceof Error ? { name, message: error.message } : String(error),
  });
  return problem(500, 'internal', 'The request could not be completed; it is safe to retry');
}

const lowerCaseKeys = (record: Record<string, string | undefined> | null): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([k, v]) => [k.toLowerCase(), v]),
  );

export function httpHandler(handle: (request: HttpRequest) => Promise<HttpResponse>) {
  return middy(async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const headers = lowerCaseKeys(event.headers);
    const cors = corsHeaders(headers.origin);
    // The route's scope and the caller's rate, decided here rather than at the gateway so that
    // AWS and the local runtime answer alike (shared/runtime/route-access.ts).
    const refusal = await admit(event);
    if (refusal) {
      metrics.addMetric(refusal.problem.status >= 500 ? 'ServerError' : 'ClientError', 'Count', 1);
      return problemResponse(refusal.problem, { ...refusal.headers, ...cors });
    }
    try {
      const response = await handle({
        event,
        context,
        headers,
        pathParameters: definedValues(event.pathParameters),
        query: definedValues(event.queryStringParameters),
      });
      return encodeResponse(response, cors);
    } catch (error) {
      const p = toProblem(error);
      metrics.addMetric(p.status >= 500 ? 'ServerError' : 'ClientError', 'Count', 1);
      // A problem that names when to retry (a submission still in progress) says it in the header too.
      const retryAfter = typeof p.retryAfterSeconds === 'number' ? String(p.retryAfterSeconds) : undefined;
      return problemResponse(p, { ...(retryAfter ? { 'retry-after': retryAfter } : {}), ...cors });
    }
  })
    .use(publishStoredMetrics())
    .use(injectLambdaContext(logger, { resetKeys: true }));
}

const definedValues = (record: Record<string, string | undefined> | null): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** The caller, from the authorizer's claims and the client binding in the catalog. */
export async function principalOf(request: HttpRequest, catalog: Catalog): Promise<Principal> {
  const claims = (request.event.requestContext.authorizer?.claims ?? {}) as Record<string, unknown>;
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined;
  if (!clientId) throw new DomainError('unauthorized', 'No client in the token');
  const binding = await catalog.client(clientId);
  if (!binding) throw forbidden(`Client ${clientId} has no profile`);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return { ...binding, scopes };
}

const fieldErrors = (error: z.$ZodError, field: string) =>
  error.issues.map((issue) => ({
    path: [field, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));

const JSON_MEDIA_TYPE = /^application\/(.+\+)?json\s*(;|$)/i;
const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
// Fatal: invalid bytes are refused, never stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON body, validated: 415 if not JSON in UTF-8, 413 if too large, 400 if not valid UTF-8,
 * malformed or invalid.
 */
export function parseBody<S extends ZodMiniType>(request: HttpRequest, schema: S): z.output<S> {
  const contentType = request.headers['content-type'] ?? '';
  const charset = CHARSET_PARAMETER.exec(contentType)?.[1]?.toLowerCase();
  if (
    !JSON_MEDIA_TYPE.test(contentType) ||
    (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    throw new BodyProblem(
      problem(415, 'unsupported-media-type', 'Send the body as application/json in UTF-8'),
    );
  }
  const raw = decodeBody(request.event);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validationError('The body is not valid JSON');
  }
  return parseInput(schema, parsed, 'The body does not match the schema');
}

/** The body as text. API Gateway passes binary bodies base64-encoded: those bytes are decoded here. */
function decodeBody(event: APIGatewayProxyEvent): string {
  const body = event.body ?? '';
  const tooLarge = () =>
    new BodyProblem(problem(413, 'too-large', `The body is larger than ${MAX_BODY_BYTES} bytes`));
  const notUtf8 = () => validationError('The body is not valid UTF-8');
  if (!event.isBase64Encoded) {
    if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw tooLarge();
    // Already text: a lone surrogate here means the bytes it came from were not UTF-8.
    if (!body.isWellFormed()) throw notUtf8();
    return body;
  }
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  try {
    return utf8.decode(bytes);
  } catch {
    throw notUtf8();
  }
}

/**
 * A path parameter, checked against its format before anything is read: 400 naming it, or with
 * `notFound`, a 404 with that detail, for identifiers of what only the store holds (a dossier
 * code): nothing can exist under a malformed one.
 */
export function parsePathParameter<S extends ZodMiniType>(
  request: HttpRequest,
  name: string,
  schema: S,
  options: { notFound?: string } = {},
): z.output<S> {
  const result = schema.safeParse(request.pathParameters[name]);
  if (result.success) return result.data;
  const errors = parameterErrors(result.error, name);
  if (options.notFound) throw new DomainError('not-found', options.notFound, { errors });
  throw validationError(`The path parameter ${name} is invalid`, errors);
}

/** Query parameters, validated against a strict schema (unknown parameters are 400), each error naming its parameter. */
export function parseQuery<S extends ZodMiniType>(request: HttpRequest, schema: S): z.output<S> {
  const result = schema.safeParse(request.query);
  if (result.success) return result.data;
  const errors = parameterErrors(result.error);
  const names = [...new Set(errors.map((e) => e.path))].join(', ');
  throw validationError(`The query parameters are invalid: ${names}`, errors);
}

/** Validates input; errors are named by their path, under `field` when it is one named value. */
export function parseInput<S extends ZodMiniType>(
  schema: S,
  input: unknown,
  message: string,
  field = '',
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(message, fieldErrors(result.error, field));
  return result.data;
}

/** Problems decided before a domain error applies (media type, size). */
export class BodyProblem extends DomainError {
  readonly problem: Problem;
  constructor(p: Problem) {
    super('validation', p.detail);
    this.problem = p;
  }
}
