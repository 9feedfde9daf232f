/**
 * What the shared HTTP runtime decides before any handler runs (shared/runtime/route-access.ts),
 * the same in AWS and locally: the route's scope (403 insufficient_scope) and the caller's rate
 * (429), both as problem+json; and CORS for the configured origins only.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPES, CLIENT_RATE_LIMIT_ENV, CORS_ORIGINS_ENV, ROUTES, SCOPES } from '#infra/topology.ts';
import { rateWindow } from '#shared/config/client-rate-limit.ts';
import { httpHandler } from '#shared/runtime/http.ts';
import { type ClientRateCounter, rateRefusal, useClientRateCounter } from '#shared/runtime/route-access.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { submission } from '../fixtures/catalog.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

// Before the runtime's modules load: Powertools reads these when it starts.
vi.hoisted(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});

const documents = mockClient(DynamoDBDocumentClient);
let submit: Handler;

beforeAll(async () => {
  vi.stubEnv('CATALOG_TABLE_NAME', 'catalog');
  vi.stubEnv('DOSSIERS_TABLE_NAME', 'dossiers');
  vi.stubEnv('AWS_REGION', 'ap-southeast-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as Handler;
});
afterAll(() => vi.unstubAllEnvs());

/** Counts in memory, as the clientRates table does: one number per client and window. */
class MemoryCounter implements ClientRateCounter {
  readonly counts = new Map<string, number>();
  calls = 0;
  async count(clientId: string, windowStart: number): Promise<number> {
    this.calls += 1;
    const key = `${clientId}#${windowStart}`;
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next;
  }
}

let counter: MemoryCounter;
beforeEach(() => {
  documents.reset();
  counter = new MemoryCounter();
  useClientRateCounter(counter);
});
afterEach(() => {
  useClientRateCounter(undefined);
  vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '');
  vi.stubEnv(CORS_ORIGINS_ENV, '');
});

/** A handler that only says it ran: what the runtime does before it is under test. */
let ran = 0;
const echo = httpHandler(async () => {
  ran += 1;
  return { status: 200, body: { ran: true } };
}) as unknown as Handler;
beforeEach(() => {
  ran = 0;
});

const sample = (path: string) => path.replace(/\{[^}]+\}/g, 'x');
const TOKEN_ROUTES = ROUTES.filter((route) => route.auth === 'token');

describe('the route scope, checked by the runtime', () => {
  it('answers the submit handler 403 insufficient_scope for a read-only token, before any store call', async () => {
    const result = await submit(
      apiEvent({
        method: 'POST',
        path: '/v1/dossiers',
        clientId: 'local-center-hong-gai',
        scope: SCOPES.read,
        headers: { 'Idempotency-Key': 'key-00000001' },
        body: submission(),
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.headers?.['www-authenticate']).toBe(
      `Bearer realm="motcua", error="insufficient_scope", scope="${SCOPES.submit}"`,
    );
    expect(jsonOf(result)).toMatchObject({
      type: 'urn:motcua:problem:insufficient_scope',
      title: 'Forbidden',
      status: 403,
      requiredScopes: [SCOPES.submit],
    });
    expect(documents.calls()).toHaveLength(0);
    // Refused before it was counted: a missing scope costs no write.
    expect(counter.calls).toBe(0);
  });

  it.each(TOKEN_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s runs for each of its scopes and refuses every other scope',
    async (_, route) => {
      for (const scope of ALL_SCOPES) {
        ran = 0;
        const result = await echo(
          apiEvent({ method: route.method, path: sample(route.path), clientId: 'c1', scope }),
          lambdaContext(),
        );
        const allowed = route.scopes.includes(scope);
        expect(result.statusCode, scope).toBe(allowed ? 200 : 403);
        expect(ran, scope).toBe(allowed ? 1 : 0);
      }
    },
  );

  it('refuses a token without any scope', async () => {
    const result = await echo(
      apiEvent({ method: 'GET', path: '/v1/centers', clientId: 'c1', scope: '' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(403);
    expect(ran).toBe(0);
  });

  it('answers 401 to an event without a client (authentication before the scope), without running', async () => {
    const result = await echo(apiEvent({ method: 'GET', path: '/v1/centers' }), lambdaContext());
    expect(result.statusCode).toBe(401);
    expect(jsonOf(result)).toMatchObject({ type: 'urn:motcua:problem:unauthorized' });
    expect(ran).toBe(0);
  });

  it('lets a public route through without a token', async () => {
    const result = await echo(apiEvent({ method: 'GET', path: '/v1/openapi.json' }), lambdaContext());
    expect(result.statusCode).toBe(200);
  });

  it('fails closed (500, handler not run) for an event of no route: a wiring defect', async () => {
    const result = await echo(
      apiEvent({ method: 'DELETE', path: '/v1/centers', clientId: 'c1', scope: ALL_SCOPES.join(' ') }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(ran).toBe(0);
  });
});

describe('per-client throttling, counted by the runtime', () => {
  const centers = (clientId: string) =>
    echo(apiEvent({ method: 'GET', path: '/v1/centers', clientId }), lambdaContext());

  it('answers 429 problem+json with Retry-After past the limit, and runs no handler for it', async () => {
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '3/3600');
    for (let i = 0; i < 3; i += 1) expect((await centers('noisy')).statusCode).toBe(200);
    const refused = await centers('noisy');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(jsonOf(refused)).toMatchObject({ type: 'urn:motcua:problem:too-many-requests', status: 429 });
    expect(ran).toBe(3);
  });

  it('does not let one noisy client starve another', async () => {
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '2/3600');
    for (let i = 0; i < 5; i += 1) await centers('noisy');
    expect((await centers('quiet')).statusCode).toBe(200);
  });

  it('counts per window: a new window starts from zero', async () => {
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '1/10');
    const event = apiEvent({ method: 'GET', path: '/v1/centers', clientId: 'c1' });
    const start = 1_800_000_000_000;
    expect(await rateRefusal(event, () => start)).toBeUndefined();
    expect((await rateRefusal(event, () => start + 9_000))?.problem.status).toBe(429);
    expect(await rateRefusal(event, () => start + 10_000)).toBeUndefined();
  });

  it('lets requests through when the counter fails (the stage throttle and WAF still stand)', async () => {
    useClientRateCounter({
      count: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    });
    vi.stubEnv(CLIENT_RATE_LIMIT_ENV, '1/3600');
    expect((await centers('c1')).statusCode).toBe(200);
    expect((await centers('c1')).statusCode).toBe(200);
  });

  it('windows are aligned and say how long is left', () => {
    expect(rateWindow(1_000_000, 10)).toEqual({ start: 1000, secondsLeft: 10 });
    expect(rateWindow(1_009_500, 10)).toEqual({ start: 1000, secondsLeft: 1 });
  });
});

describe('CORS for configured origins only', () => {
  const fromOrigin = (origin: string) =>
    echo(
      apiEvent({ method: 'GET', path: '/v1/centers', clientId: 'c1', headers: { Origin: origin } }),
      lambdaContext(),
    );

  it('names a configured origin, on answers and on refusals', async () => {
    vi.stubEnv(CORS_ORIGINS_ENV, 'https://motcua.quangninh.gov.vn');
    const answer = await fromOrigin('https://motcua.quangninh.gov.vn');
    expect(answer.headers?.['access-control-allow-origin']).toBe('https://motcua.quangninh.gov.vn');
    expect(answer.headers?.vary).toBe('Origin');
  });

  it('gives any other origin no CORS header', async () => {
    vi.stubEnv(CORS_ORIGINS_ENV, 'https://motcua.quangninh.gov.vn');
    const answer = await fromOrigin('https://evil.example');
    expect(answer.headers?.['access-control-allow-origin']).toBeUndefined();
  });

  it('adds nothing when no origin is configured', async () => {
    const answer = await fromOrigin('https://motcua.quangninh.gov.vn');
    expect(answer.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers?.vary).toBeUndefined();
  });
});
