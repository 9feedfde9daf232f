import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/api/get-openapi.ts';
import { OPENAPI_FILE, openApiFileText } from '#infra/cli/openapi.ts';
import { openApiDocument } from '#shared/contract/openapi.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';

describe('the published OpenAPI document (shared/contract/openapi.json)', () => {
  it('is what the generator writes from the contracts now (else: npm run openapi)', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    // One comparison of the whole text: a difference anywhere (a route, a schema, an example,
    // the order of keys) fails, and the message names the fix.
    expect(
      committed === openApiFileText(),
      'shared/contract/openapi.json is out of date: run `npm run openapi`',
    ).toBe(true);
  });

  it('is what GET /v1/openapi.json answers, without a token', async () => {
    const result = await handler(apiEvent({ method: 'GET', path: '/v1/openapi.json' }), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(jsonOf(result)).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    expect(jsonOf(result)).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
