/**
 * Query and path parameter errors name the parameter, as body errors name their field: a bad
 * value names its parameter, and an unknown parameter names itself (it used to be `(body)`), on
 * every route that takes a query.
 */
import { describe, expect, it } from 'vitest';
import { ProcedureListQuerySchema } from '#shared/contract/catalog.ts';
import { LookupPageQuerySchema, LookupQuerySchema } from '#shared/contract/citizen.ts';
import { DossierListQuerySchema } from '#shared/contract/dossier.ts';
import { openApiDocument } from '#shared/contract/openapi.ts';
import { IndicatorsQuerySchema, MonthlyReportQuerySchema } from '#shared/contract/reports.ts';
import * as z from '#shared/contract/zod.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { type HttpRequest, parsePathParameter, parseQuery } from '#shared/runtime/http.ts';
import { parameterErrors } from '#shared/runtime/parameter-errors.ts';
import { apiEvent, lambdaContext } from '../fixtures/api-event.ts';

/** The query schema of each operation that takes a query. */
const QUERIES: Record<string, z.ZodMiniType> = {
  listProcedures: ProcedureListQuerySchema,
  listDossiers: DossierListQuerySchema,
  getMonthlyReport: MonthlyReportQuerySchema,
  getIndicators: IndicatorsQuerySchema,
  lookupDossier: LookupQuerySchema,
  lookupPage: LookupPageQuerySchema,
};

const request = (
  query: Record<string, string>,
  pathParameters: Record<string, string> = {},
): HttpRequest => ({
  event: apiEvent({ query, pathParameters }),
  context: lambdaContext('motcua-test'),
  headers: {},
  pathParameters,
  query,
});

/** The field errors parseQuery answers for `query` (it must refuse it). */
function queryErrors(schema: z.ZodMiniType, query: Record<string, string>) {
  try {
    parseQuery(request(query), schema);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'validation')
      return { detail: error.message, errors: error.errors };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('query parameter errors', () => {
  it('cover every operation the document gives query parameters', () => {
    const withQuery = Object.values(openApiDocument().paths ?? {}).flatMap((item) =>
      Object.values(item ?? {}).flatMap((op) =>
        typeof op === 'object' &&
        op !== null &&
        'parameters' in op &&
        Array.isArray(op.parameters) &&
        op.parameters.some((p: { in?: string }) => p.in === 'query') &&
        'operationId' in op
          ? [String(op.operationId)]
          : [],
      ),
    );
    expect(withQuery.sort()).toEqual(Object.keys(QUERIES).sort());
  });

  it.each(Object.entries(QUERIES))('name an unknown parameter of %s by itself', (_, schema) => {
    const { detail, errors } = queryErrors(schema, { bogus: '1' });
    expect(errors).toContainEqual({ path: 'bogus', message: 'not a parameter of this route' });
    expect(errors.map((e) => e.path)).not.toContain('(body)');
    expect(detail).toMatch(/^The query parameters are invalid: .*bogus/);
  });

  it('name a bad limit, status, cursor and receivedFrom of the worklist', () => {
    const errors = queryErrors(DossierListQuerySchema, {
      limit: '0',
      status: 'LOST',
      cursor: 'x'.repeat(4001),
      receivedFrom: 'yesterday',
    }).errors;
    expect(errors.map((e) => e.path).sort()).toEqual(['cursor', 'limit', 'receivedFrom', 'status']);
  });

  it('name a bad and a missing month of the reports, and each unknown parameter once', () => {
    expect(queryErrors(MonthlyReportQuerySchema, { month: '2025-13' }).errors.map((e) => e.path)).toEqual([
      'month',
    ]);
    expect(queryErrors(IndicatorsQuerySchema, { centerId: 'hong-gai' }).errors.map((e) => e.path)).toEqual([
      'month',
    ]);
    expect(queryErrors(IndicatorsQuerySchema, { month: '2025-07', a: '1', b: '2' }).errors).toEqual([
      { path: 'a', message: 'not a parameter of this route' },
      { path: 'b', message: 'not a parameter of this route' },
    ]);
    expect(queryErrors(ProcedureListQuerySchema, { limit: 'many' }).errors.map((e) => e.path)).toEqual([
      'limit',
    ]);
  });

  it('name the whole query only for an issue about no one parameter', () => {
    const Pair = z.strictObject({ from: z.string(), to: z.string() }).check(z.refine((q) => q.from <= q.to));
    const result = Pair.safeParse({ from: 'b', to: 'a' });
    expect(result.success).toBe(false);
    if (!result.success) expect(parameterErrors(result.error).map((e) => e.path)).toEqual(['(query)']);
  });
});

describe('path parameter errors', () => {
  it('name the parameter', () => {
    const year = z.string().check(z.regex(/^\d{4}$/));
    expect(() => parsePathParameter(request({}, { year: '20x7' }), 'year', year)).toThrow(
      expect.objectContaining({ errors: [{ path: 'year', message: expect.any(String) }] }),
    );
    const strict = z.strictObject({ a: z.string() });
    const result = strict.safeParse({ a: 'x', b: 'y' });
    if (!result.success)
      expect(parameterErrors(result.error, 'code')).toEqual([
        { path: 'code.b', message: 'not a parameter of this route' },
      ]);
  });
});
