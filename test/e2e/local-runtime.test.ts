/**
 * The local runtime as clients see it (`npm start -- --memory`): the OAuth2 token endpoint,
 * the gateway's authorizer rules (401/403 problem+json), routing (404/405) and the seed catalog.
 * The pollers' part (stream → queue → delivery) is shown in dossiers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PROFILE_SCOPES, SCOPES } from '#infra/topology.ts';
import { api, baseUrl, contractFetch, decodeJwt, requestToken, token } from './http.ts';

const PROBLEM = /^application\/problem\+json/;

describe('POST /oauth2/token', () => {
  it('issues a token for local-portal that carries every scope the portal may have', async () => {
    const { status, json } = await requestToken('local-portal');
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = decodeJwt(String(json.access_token));
    expect(claims).toMatchObject({ client_id: 'local-portal', sub: 'local-portal', token_use: 'access' });
    expect(String(claims.scope).split(' ').sort()).toEqual([...PROFILE_SCOPES.portal].sort());
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('narrows the token to the scopes asked for, within what the client may have', async () => {
    const narrowed = await requestToken('local-portal', { scope: SCOPES.read });
    expect(narrowed.status).toBe(200);
    expect(decodeJwt(String(narrowed.json.access_token)).scope).toBe(SCOPES.read);
    const beyond = await requestToken('local-portal', { scope: `${SCOPES.read} ${SCOPES.admin}` });
    expect(beyond).toEqual({ status: 400, json: { error: 'invalid_scope' } });
  });

  it('rejects a wrong secret (401 invalid_client) and other grants (400 unsupported_grant_type)', async () => {
    expect(await requestToken('local-portal', { secret: 'wrong' })).toEqual({
      status: 401,
      json: { error: 'invalid_client' },
    });
    expect(await requestToken('nobody')).toEqual({ status: 401, json: { error: 'invalid_client' } });
    expect(await requestToken('local-portal', { grantType: 'password' })).toEqual({
      status: 400,
      json: { error: 'unsupported_grant_type' },
    });
  });

  it('accepts client_id/client_secret as form fields too', async () => {
    const response = await contractFetch(`${baseUrl()}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'local-admin',
        client_secret: 'local-secret',
      }),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { access_token: string };
    expect(String(decodeJwt(json.access_token).scope).split(' ').sort()).toEqual(
      [...PROFILE_SCOPES.admin].sort(),
    );
  });
});

describe('the gateway (authorizer and routing)', () => {
  it('answers 401 problem+json without a token, or with a bad one', async () => {
    for (const bearer of [undefined, 'not-a-jwt']) {
      const response = await api('GET', '/v1/centers', bearer ? { token: bearer } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(PROBLEM);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.json).toMatchObject({ type: 'urn:motcua:problem:unauthorized', status: 401 });
    }
  });

  it("answers 403 problem+json when the token lacks the route's scope (agency token on POST /v1/dossiers)", async () => {
    const agency = await token('local-agency-tax');
    const response = await api('POST', '/v1/dossiers', {
      token: agency,
      body: {},
      headers: { 'idempotency-key': 'e2e-forbidden-0001' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(PROBLEM);
    // Decided by the function, as in AWS (route-access.test.ts shows the path).
    expect(response.json).toMatchObject({ type: 'urn:motcua:problem:insufficient_scope', status: 403 });
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await api('GET', '/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  });

  it('answers 404 for an unknown path and 405 for a known path with another method', async () => {
    const missing = await api('GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(PROBLEM);
    const wrongMethod = await api('DELETE', '/v1/centers');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toMatch(PROBLEM);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});

describe('the seeded catalog', () => {
  it('GET /v1/centers lists the four seeded centers', async () => {
    const response = await api<{ items: { centerId: string }[] }>('GET', '/v1/centers', {
      token: await token('local-portal'),
    });
    expect(response.status).toBe(200);
    expect(response.json.items.map((c) => c.centerId).sort()).toEqual([
      'bai-chay',
      'hong-gai',
      'tien-yen',
      'uong-bi',
    ]);
  });
});
