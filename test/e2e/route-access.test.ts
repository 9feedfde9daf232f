/**
 * The route scope check on the local runtime (`npm start -- --memory`): a token without the route's
 * scope gets 403 problem+json `insufficient_scope` from the function itself — the shared HTTP
 * runtime the Lambda functions run — not from the gateway in front, exactly as in AWS, where the
 * authorizer passes any motcua scope (GATEWAY_SCOPES) and the function decides. And every
 * authenticated request is counted for per-client throttling in the clientRates table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_REGION, localCredentials } from '#infra/local/constants.ts';
import { tableName } from '#infra/local/provision.ts';
import { SCOPES } from '#infra/topology.ts';
import { api, token } from './http.ts';

const PROBLEM = /^application\/problem\+json/;

describe('a token without the route’s scope', () => {
  it('gets 403 insufficient_scope from the submit function (agency token on POST /v1/dossiers)', async () => {
    const agency = await token('local-agency-tax');
    const response = await api('POST', '/v1/dossiers', {
      token: agency,
      body: {},
      headers: { 'idempotency-key': 'e2e-scope-00000001' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(PROBLEM);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="motcua", error="insufficient_scope", scope="${SCOPES.submit}"`,
    );
    expect(response.json).toMatchObject({
      type: 'urn:motcua:problem:insufficient_scope',
      status: 403,
      requiredScopes: [SCOPES.submit],
    });
    // Answered by the function: the gateway's own refusals (401, 404, ...) carry no request id.
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets the same answer on a read route for a token narrowed to another scope', async () => {
    const reportsOnly = await token('local-center-hong-gai', SCOPES.reports);
    const response = await api('GET', '/v1/dossiers?centerId=hong-gai', { token: reportsOnly });
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ type: 'urn:motcua:problem:insufficient_scope' });
    expect(response.headers.get('x-amzn-requestid')).not.toBeNull();
    // The same client with the right scope is served.
    const read = await token('local-center-hong-gai', SCOPES.read);
    expect((await api('GET', '/v1/dossiers?centerId=hong-gai', { token: read })).status).toBe(200);
  });
});

describe('per-client throttling', () => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: inject('e2eDynamoDbEndpoint'),
      credentials: localCredentials(inject('e2eAccessKeyId')),
    }),
  );
  afterAll(() => documents.destroy());

  it('a client well within its limit costs no write: its requests are gathered in memory first (a tenth of the limit here is 100,000)', async () => {
    const agency = await token('local-agency-post');
    const before = Math.floor(Date.now() / 1000);
    expect((await api('GET', '/v1/centers', { token: agency })).status).toBe(200);
    const after = Math.ceil(Date.now() / 1000);
    let counted = 0;
    for (let second = before; second <= after; second += 1) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: tableName('clientRates'), Key: { id: `local-agency-post#${second}` } }),
      );
      counted += Number(Item?.requests ?? 0);
    }
    expect(counted).toBe(0);
  });
});
