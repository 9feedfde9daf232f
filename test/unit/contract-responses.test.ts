/**
 * The response check the e2e suite runs on every answer (test/fixtures/contract-responses.ts),
 * on a small document fragment: it must be able to fail, on an undocumented status, a media type
 * the operation does not answer, and a body that breaks the schema.
 */
import { describe, expect, it } from 'vitest';
import { type Answer, assertKept, responseValidator } from '../fixtures/contract-responses.ts';

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'fragment', version: '1' },
  paths: {
    '/v1/dossiers/{dossierCode}': {
      get: {
        operationId: 'getDossier',
        responses: {
          '200': {
            description: 'The dossier',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Dossier' } } },
          },
          '404': {
            description: 'None',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
    },
    '/v1/dossiers/{dossierCode}/receipt': {
      get: {
        operationId: 'getReceipt',
        responses: { '200': { description: 'PDF', content: { 'application/pdf': {} } } },
      },
    },
    '/v1/dossiers/export': {
      get: {
        operationId: 'exportDossiers',
        responses: {
          '204': { description: 'Nothing' },
          '5XX': { description: 'Any', content: { '*/*': {} } },
        },
      },
    },
  },
  components: {
    schemas: {
      Dossier: {
        type: 'object',
        properties: {
          dossierCode: { type: 'string' },
          status: { type: 'string', enum: ['SUBMITTED', 'RECEIVED'] },
          receivedAt: { type: 'string', format: 'date-time' },
        },
        required: ['dossierCode', 'status'],
        additionalProperties: false,
      },
      Problem: {
        type: 'object',
        properties: { status: { type: 'integer' }, detail: { type: 'string' } },
        required: ['status', 'detail'],
      },
    },
  },
};

const check = responseValidator(DOCUMENT);
const answer = (overrides: Partial<Answer>): Answer => ({
  method: 'GET',
  path: '/v1/dossiers/000.21.01.H49-250715-0004',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ dossierCode: 'X', status: 'RECEIVED', receivedAt: '2025-07-15T08:00:00+07:00' }),
  ...overrides,
});

describe('the e2e response check', () => {
  it('passes an answer the document describes, and finds its operation by path template', () => {
    expect(check(answer({}))).toEqual({
      operation: 'getDossier (GET /v1/dossiers/{dossierCode})',
      errors: [],
    });
    const notFound = answer({
      status: 404,
      contentType: 'application/problem+json',
      body: '{"status":404,"detail":"x"}',
    });
    expect(check(notFound).errors).toEqual([]);
  });

  it('fails a status the operation does not document', () => {
    const verdict = check(answer({ status: 409 }));
    expect(verdict.operation).toBe('getDossier (GET /v1/dossiers/{dossierCode})');
    expect(verdict.errors).toEqual(['status 409 is not documented (documented: 200, 404)']);
  });

  it('fails a content type the status does not document', () => {
    expect(check(answer({ contentType: 'text/html' })).errors).toEqual([
      'status 200: content type text/html is not documented (documented: application/json)',
    ]);
    // A problem where the document promises a dossier.
    expect(check(answer({ contentType: 'application/problem+json' })).errors).toHaveLength(1);
    expect(
      check(answer({ path: '/v1/dossiers/X/receipt', contentType: 'application/json' })).errors,
    ).toHaveLength(1);
  });

  it('fails a body that breaks the schema, naming the instance and schema paths', () => {
    const verdict = check(answer({ body: JSON.stringify({ dossierCode: 'X', status: 'LOST', extra: 1 }) }));
    expect(verdict.errors).toEqual([
      expect.stringMatching(
        /^status 200: body \(root\) must NOT have additional properties .*extra.*\(schema #\/paths\/~1v1~1dossiers~1\{dossierCode\}\/get\/responses\/200\/.*\/additionalProperties\)$/,
      ),
      expect.stringMatching(
        /^status 200: body \/status must be equal to one of the allowed values .*\(schema #\/paths\/.*\/properties\/status\/enum\)$/,
      ),
    ]);
    expect(
      check(answer({ body: JSON.stringify({ dossierCode: 'X', status: 'RECEIVED', receivedAt: 'today' }) }))
        .errors,
    ).toEqual([expect.stringMatching(/^status 200: body \/receivedAt must match format "date-time"/)]);
    expect(check(answer({ body: '<html>' })).errors).toEqual([
      'status 200: the application/json body is not JSON',
    ]);
    expect(() => assertKept(verdict, answer({}))).toThrow(
      /^getDossier \(GET \/v1\/dossiers\/\{dossierCode\}\) answered 200 outside the published contract:\n {2}status 200: body/,
    );
  });

  it('checks bodies that are not JSON for status and media type only', () => {
    expect(
      check(answer({ path: '/v1/dossiers/X/receipt', contentType: 'application/pdf', body: '%PDF-1.7' }))
        .errors,
    ).toEqual([]);
  });

  it('prefers a literal path to a template, takes ranges, and wants no body where none is documented', () => {
    expect(
      check(answer({ path: '/v1/dossiers/export?x=1', status: 204, contentType: null, body: '' })),
    ).toEqual({
      operation: 'exportDossiers (GET /v1/dossiers/export)',
      errors: [],
    });
    expect(check(answer({ path: '/v1/dossiers/export', status: 204, body: '{}' })).errors).toHaveLength(1);
    expect(
      check(answer({ path: '/v1/dossiers/export', status: 503, contentType: 'text/plain', body: 'x' }))
        .errors,
    ).toEqual([]);
  });

  it('wants the gateway’s 404 or 405 problem for a request no operation documents', () => {
    const problem = { contentType: 'application/problem+json', body: '{"status":404,"detail":"No route"}' };
    expect(check(answer({ path: '/v1/other', status: 404, ...problem }))).toEqual({
      operation: 'GET /v1/other (no operation)',
      errors: [],
    });
    expect(check(answer({ method: 'DELETE', status: 405, ...problem })).errors).toEqual([]);
    expect(check(answer({ path: '/v1/other' })).errors).toEqual([
      'no operation documents this request: expected 404, got 200',
    ]);
    expect(check(answer({ method: 'POST', status: 404, ...problem })).errors).toEqual([
      'no operation documents this request: expected 405, got 404',
    ]);
    expect(check(answer({ path: '/v1/other', status: 404, contentType: 'text/html' })).errors).toHaveLength(
      1,
    );
    expect(
      check(answer({ path: '/v1/other', status: 404, ...problem, body: '{"status":"404"}' })).errors,
    ).toEqual([
      expect.stringMatching(/^status 404: body \(root\) must have required property 'detail'/),
      expect.stringMatching(/^status 404: body \/status must be integer/),
    ]);
  });
});
