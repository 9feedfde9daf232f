/**
 * The local gateway authenticates as the stack's Cognito authorizer does (GATEWAY_SCOPES: any
 * motcua scope) and leaves the route's own scope to the function, as in AWS; it answers CORS
 * preflights for the configured origins only.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalHttpServer, startHttpServer } from '#infra/local/http-server.ts';
import { TokenService } from '#infra/local/tokens.ts';
import { CORS_ORIGINS_ENV, SCOPES } from '#infra/topology.ts';

let gateway: LocalHttpServer;
const invoked: string[] = [];

beforeAll(async () => {
  gateway = await startHttpServer({
    port: 0,
    tokens: (issuer) => new TokenService(randomBytes(32), issuer),
    invoke: async (functionId) => {
      invoked.push(functionId);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
    },
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  invoked.length = 0;
});
afterEach(() => vi.unstubAllEnvs());

const bearer = async (scopes: string[]) =>
  `Bearer ${(await gateway.tokens.issue('local-center-hong-gai', scopes)).access_token}`;

describe('the local gateway’s authorizer', () => {
  it('passes a token with any motcua scope to the function, even one the route does not take', async () => {
    const response = await fetch(`${gateway.url}/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: await bearer([SCOPES.reports]), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(invoked).toEqual(['submitDossier']);
  });

  it('answers 401 problem+json, without invoking, a token with no motcua scope', async () => {
    const response = await fetch(`${gateway.url}/v1/centers`, {
      headers: { authorization: await bearer(['other/scope']) },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(invoked).toEqual([]);
  });
});

describe('CORS preflights', () => {
  const preflight = (origin: string) =>
    fetch(`${gateway.url}/v1/dossiers`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });

  it('answers 204 naming a configured origin, without a token and without invoking', async () => {
    vi.stubEnv(CORS_ORIGINS_ENV, 'https://motcua.quangninh.gov.vn');
    const response = await preflight('https://motcua.quangninh.gov.vn');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://motcua.quangninh.gov.vn');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(invoked).toEqual([]);
  });

  it('names no other origin', async () => {
    vi.stubEnv(CORS_ORIGINS_ENV, 'https://motcua.quangninh.gov.vn');
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is not answered at all without configured origins (405, as any unrouted method)', async () => {
    const response = await preflight('https://motcua.quangninh.gov.vn');
    expect(response.status).toBe(405);
  });
});
