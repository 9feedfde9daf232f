/**
 * What the shared HTTP runtime decides before a handler runs, the same in AWS and locally (the
 * gateway in front only authenticates: it passes any token holding one motcua scope, see
 * GATEWAY_SCOPES in infra/topology.ts):
 *
 * 1. the route's scope: a token without one of the route's scopes gets 403 `insufficient_scope`
 *    (docs/api.md §2, §3), with RFC 6750's `WWW-Authenticate` naming the scopes;
 * 2. the caller's rate: each client may make so many requests per window across all functions
 *    (DEFAULT_CLIENT_RATE_LIMIT), counted in memory and added to the clientRates table in
 *    batches of a tenth of the limit (BatchedRateCounter); above it, 429 with
 *    `Retry-After` (docs/architecture.md, per-client throttling).
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { BatchedRateCounter, DynamoClientRateCounter } from '#shared/adapters/client-rate-counter.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { clientRateLimit, lookupRateLimit, rateWindow } from '#shared/config/client-rate-limit.ts';
import { type RouteSpec, routeFor } from '#shared/config/routes.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { logger } from './powertools.ts';
import { type Problem, problem } from './problem.ts';

/** A problem to answer instead of running the handler, with its headers. */
export type Refusal = { problem: Problem; headers: Record<string, string> };

export const INSUFFICIENT_SCOPE = 'insufficient_scope';

const claimsOf = (event: APIGatewayProxyEvent): Record<string, unknown> =>
  (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;

/** The route of the event: API Gateway passes the method and the resource template it matched. */
export const eventRoute = (event: APIGatewayProxyEvent): RouteSpec | undefined =>
  routeFor(event.httpMethod, event.resource);

/**
 * The route's scope check: undefined when the token holds one of the route's scopes (or the
 * route is public). An event of no route fails closed: the stack wires only ROUTES, so that is
 * a wiring defect, answered 500.
 */
export function scopeRefusal(event: APIGatewayProxyEvent): Refusal | undefined {
  const route = eventRoute(event);
  if (!route) {
    logger.error('no route for the event', { method: event.httpMethod, resource: event.resource });
    return {
      problem: problem(500, 'internal', 'The request could not be completed; it is safe to retry'),
      headers: {},
    };
  }
  if (route.auth === 'public') return undefined;
  const claims = claimsOf(event);
  // No client at all: not authenticated (the gateway lets no such request through; 401 anyway).
  if (typeof claims.client_id !== 'string' || claims.client_id === '') {
    return {
      problem: problem(401, 'unauthorized', 'No client in the token'),
      headers: { 'www-authenticate': 'Bearer realm="motcua"' },
    };
  }
  const scope = claims.scope;
  const granted = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  if (route.scopes.some((required) => granted.includes(required))) return undefined;
  return {
    problem: problem(
      403,
      INSUFFICIENT_SCOPE,
      `The token lacks the scope this route needs (one of: ${route.scopes.join(', ')})`,
      { requiredScopes: [...route.scopes] },
    ),
    headers: {
      'www-authenticate': `Bearer realm="motcua", error="${INSUFFICIENT_SCOPE}", scope="${route.scopes.join(' ')}"`,
    },
  };
}

/**
 * Counts a client's request (with up to `batch` requests gathered before the shared count is
 * written); the port lets tests count without a table.
 */
export type ClientRateCounter = {
  count(clientId: string, windowStart: number, windowSeconds: number, batch?: number): Promise<number>;
};

/** A tenth of the limit is gathered in memory before it is added to the table. */
export const RATE_BATCH_DIVISOR = 10;

let counter: ClientRateCounter | undefined | null;
/** The clientRates table's counter, or null when the function has no table bound (no throttle). */
function defaultCounter(): ClientRateCounter | null {
  if (counter === undefined) {
    const tableName = process.env[TABLE_NAME_ENV.clientRates];
    counter = tableName
      ? new BatchedRateCounter(new DynamoClientRateCounter(documentClient, tableName))
      : null;
  }
  return counter;
}

/** Replaces the counter (tests); undefined restores the table's. */
export function useClientRateCounter(replacement: ClientRateCounter | undefined): void {
  counter = replacement;
}

/**
 * The per-client throttle: undefined while the caller is within its limit. A counter that
 * fails lets the request through (logged): the stage throttle and the firewall still stand, and
 * an outage of the counters must not become an outage of the API.
 */
export async function rateRefusal(
  event: APIGatewayProxyEvent,
  now: () => number = Date.now,
): Promise<Refusal | undefined> {
  const caller = callerOf(event);
  const rates = defaultCounter();
  if (caller === undefined || rates === null) return undefined;
  const limit = caller.perIp ? lookupRateLimit() : clientRateLimit();
  const window = rateWindow(now(), limit.windowSeconds);
  let count: number;
  try {
    const batch = Math.max(1, Math.floor(limit.requests / RATE_BATCH_DIVISOR));
    count = await rates.count(caller.key, window.start, limit.windowSeconds, batch);
  } catch (error) {
    logger.warn('client rate counter unavailable; request let through', {
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    return undefined;
  }
  if (count <= limit.requests) return undefined;
  return {
    problem: problem(
      429,
      'too-many-requests',
      `This ${caller.perIp ? 'address' : 'client'} made more than ${limit.requests} requests in ${limit.windowSeconds} s; retry in ${window.secondsLeft} s`,
      { retryAfterSeconds: window.secondsLeft },
    ),
    headers: { 'retry-after': String(window.secondsLeft) },
  };
}

/**
 * Who is counted: the token's client, or on a public route limited per IP (the citizens'
 * lookup) the source address, hashed so the counters hold no addresses. Other public routes
 * are not counted.
 */
function callerOf(event: APIGatewayProxyEvent): { key: string; perIp: boolean } | undefined {
  if (eventRoute(event)?.perIpLimit) {
    const ip = event.requestContext?.identity?.sourceIp;
    if (!ip) return undefined;
    return { key: `ip:${createHash('sha256').update(ip).digest('hex').slice(0, 32)}`, perIp: true };
  }
  const clientId = claimsOf(event).client_id;
  return typeof clientId === 'string' && clientId !== '' ? { key: clientId, perIp: false } : undefined;
}

/** Both checks, scope first (it costs nothing): the refusal to answer, or undefined. */
export async function admit(event: APIGatewayProxyEvent): Promise<Refusal | undefined> {
  return scopeRefusal(event) ?? (await rateRefusal(event));
}
