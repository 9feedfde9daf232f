import { describe, expect, it } from 'vitest';
import { ROUTES } from '#infra/topology.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '#shared/adapters/agency-webhooks.ts';
import { DOSSIER_VERSION_HEADER } from '#shared/adapters/portal-sync-endpoint.ts';
import { CreateAttachmentRequestSchema } from '#shared/contract/attachment.ts';
import { CalendarYearSchema, ProcedureSchema } from '#shared/contract/catalog.ts';
import { ProcedureImportRequestSchema } from '#shared/contract/catalog-import.ts';
import { RatingRequestSchema } from '#shared/contract/citizen.ts';
import { ActionRequestSchema, SubmitDossierRequestSchema } from '#shared/contract/dossier.ts';
import { ImportDossiersRequestSchema, LegacyDossierRowSchema } from '#shared/contract/legacy-dossiers.ts';
import { openApiDocument } from '#shared/contract/openapi.ts';
import { portalSyncExamples } from '#shared/contract/openapi-examples.ts';
import { PaymentCallbackSchema } from '#shared/contract/payment.ts';
import { catchall, never } from '#shared/contract/zod.ts';
import { ACTIONS, TRANSITIONS } from '#shared/domain/lifecycle.ts';

type Json = Record<string, unknown>;
const document = openApiDocument() as unknown as Json;
const paths = document.paths as Record<string, Record<string, Json>>;
const operationOf = (method: string, path: string): Json => {
  const op = paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${path}`);
  return op;
};
const responsesOf = (op: Json) => op.responses as Record<string, Json>;
const headerNames = (response: Json | undefined) => Object.keys((response?.headers as Json) ?? {});
const firstContent = (response: Json | undefined): Json | undefined =>
  Object.values((response?.content as Record<string, Json>) ?? {})[0];

describe('the contract document: every operation', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s has a summary, a description of who may call it, an operationId, tags and examples',
    (_name, route) => {
      const op = operationOf(route.method, route.path);
      expect(op.summary).toEqual(expect.any(String));
      expect(op.operationId).toBe(route.function);
      expect(op.tags).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(op.description).toContain('**Who may call it**');
      expect(op.description).toContain('**What it changes**');
      const body = firstContent(op.requestBody as Json | undefined);
      if (body) expect(Object.keys((body.examples as Json) ?? {}), 'request example').not.toHaveLength(0);
      const responses = responsesOf(op);
      const success = Object.keys(responses).find((status) => status.startsWith('2'));
      const successContent = (responses[success ?? '']?.content ?? {}) as Record<string, Json>;
      const json = successContent['application/json'];
      if (json && route.function !== 'getOpenApi') {
        expect(Object.keys((json.examples as Json) ?? {}), `${success} example`).not.toHaveLength(0);
      }
      for (const [status, response] of Object.entries(responses)) {
        const problem = ((response.content ?? {}) as Record<string, Json>)['application/problem+json'];
        if (!problem) continue;
        expect(JSON.stringify(problem.schema), status).toContain('#/components/schemas/Problem');
        expect(Object.keys((problem.examples as Json) ?? {}), `${status} example`).not.toHaveLength(0);
      }
    },
  );

  it('uses only declared tags, each with a description', () => {
    const tags = document.tags as { name: string; description: string }[];
    for (const tag of tags) expect(tag.description, tag.name).not.toBe('');
    const names = new Set(tags.map((tag) => tag.name));
    for (const route of ROUTES) {
      for (const tag of operationOf(route.method, route.path).tags as string[]) expect(names).toContain(tag);
    }
  });

  it('names a license, a contact and a server', () => {
    const info = document.info as Json;
    expect(info.license).toMatchObject({ name: expect.any(String), identifier: 'CC-BY-4.0' });
    expect(info.contact).toMatchObject({ name: expect.any(String), url: expect.stringMatching(/^https:/) });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });
});

describe('the contract document: the actions table', () => {
  const description = String(operationOf('POST', '/v1/dossiers/{dossierCode}/actions').description);
  const rows = new Map(
    description
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => {
        const cells = line.split('|').map((cell) => cell.trim());
        return [cells[1]?.replaceAll('`', ''), cells] as const;
      }),
  );
  const statusesIn = (cell: string | undefined) =>
    [...(cell ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]);

  it.each([...ACTIONS])(
    'lists %s with its profiles, from and to statuses, as the lifecycle decides',
    (action) => {
      const row = rows.get(action);
      expect(row, `${action} row`).toBeDefined();
      const rule = TRANSITIONS[action];
      expect(row?.[2]).toBe(rule.who.join(', '));
      expect(statusesIn(row?.[3])).toEqual([...rule.from]);
      expect(statusesIn(row?.[4])).toEqual([rule.to]);
      if (rule.requires) expect(row?.[5]).toContain(`\`${rule.requires}\``);
    },
  );

  it('has no row for an action the lifecycle does not know', () => {
    expect([...rows.keys()].sort()).toEqual([...ACTIONS].sort());
  });
});

describe('the contract document: headers', () => {
  it('declares WWW-Authenticate on every 401 and 403, Retry-After on every 429', () => {
    for (const route of ROUTES) {
      const responses = responsesOf(operationOf(route.method, route.path));
      if (route.auth === 'token') {
        expect(headerNames(responses['401']), `${route.path} 401`).toContain('WWW-Authenticate');
        expect(headerNames(responses['403']), `${route.path} 403`).toContain('WWW-Authenticate');
      } else {
        expect(responses['401'], `${route.path}: public, no 401`).toBeUndefined();
      }
      if (responses['429'])
        expect(headerNames(responses['429']), `${route.path} 429`).toContain('Retry-After');
    }
  });

  it('declares Location and Idempotent-Replayed where the handlers send them, and Cache-Control', () => {
    const submit = responsesOf(operationOf('POST', '/v1/dossiers'));
    expect(headerNames(submit['201'])).toEqual(['Location', 'Idempotent-Replayed']);
    // A submission never waits on another with its key: no 409 to retry after.
    expect(submit).not.toHaveProperty('409');
    expect(headerNames(responsesOf(operationOf('POST', '/v1/attachments'))['201'])).toEqual(['Location']);
    for (const [method, path] of [
      ['GET', '/v1/attachments/{attachmentId}/download'],
      ['GET', '/v1/lookup'],
      ['GET', '/tra-cuu'],
      ['GET', '/v1/dossiers/{dossierCode}/receipt'],
    ] as const) {
      expect(headerNames(responsesOf(operationOf(method, path))['200']), path).toContain('Cache-Control');
    }
  });
});

describe('the contract document: webhooks', () => {
  const webhooks = document.webhooks as Record<string, { post: Json }>;
  const headerParams = (name: string) =>
    ((webhooks[name]?.post.parameters ?? []) as Json[]).filter((p) => p.in === 'header').map((p) => p.name);
  const exampleOf = (name: string) => {
    const content = firstContent(webhooks[name]?.post.requestBody as Json);
    return Object.values((content?.examples ?? {}) as Record<string, Json>)[0]?.value;
  };

  it('documents the portal sync bodies with the signature and version headers, examples from the mapping', () => {
    const sync = portalSyncExamples();
    for (const name of ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']) {
      expect(headerParams(name)).toEqual(
        expect.arrayContaining([SIGNATURE_HEADER, TIMESTAMP_HEADER, DOSSIER_VERSION_HEADER]),
      );
    }
    expect(exampleOf('DongBoHoSoMC')).toEqual(sync.dongBoHoSo);
    expect(exampleOf('CapNhatTienDoHoSoMC')).toEqual(sync.capNhatTienDo);
    expect(sync.dongBoHoSo.data[0]).toMatchObject({ MaTTHC: '1.001193', DonViXuLy: '000.21.01.H49' });
  });

  it('documents the agency webhook, signed, and keeps the payment callback a route', () => {
    expect(headerParams('agencyDossier')).toEqual(
      expect.arrayContaining([SIGNATURE_HEADER, TIMESTAMP_HEADER]),
    );
    expect(exampleOf('agencyDossier')).toMatchObject({ reason: 'PROCESS', dossier: { status: 'RECEIVED' } });
    expect(operationOf('POST', '/v1/payments/callback')).toBeDefined();
    expect(Object.keys(webhooks)).not.toContain('paymentCallback');
  });
});

describe('the contract document: request examples', () => {
  const requestExamples = (method: string, path: string) => {
    const content = firstContent(operationOf(method, path).requestBody as Json);
    return Object.values((content?.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value);
  };

  // The schemas check more than JSON Schema can say (a CCCD's digits, text in NFC): each example
  // is one the service accepts.
  it.each([
    ['POST', '/v1/dossiers', SubmitDossierRequestSchema],
    ['POST', '/v1/dossiers/{dossierCode}/actions', ActionRequestSchema],
    ['PUT', '/v1/procedures/{code}', catchall(ProcedureSchema, never())],
    ['PUT', '/v1/calendar/{year}', CalendarYearSchema],
    ['POST', '/v1/admin/procedures/import', ProcedureImportRequestSchema],
    ['POST', '/v1/attachments', CreateAttachmentRequestSchema],
    ['POST', '/v1/dossiers/{dossierCode}/rating', RatingRequestSchema],
    ['POST', '/v1/payments/callback', PaymentCallbackSchema],
    ['POST', '/v1/admin/dossiers:import', ImportDossiersRequestSchema],
  ] as const)('%s %s takes its examples', (method, path, schema) => {
    const examples = requestExamples(method, path);
    expect(examples).not.toHaveLength(0);
    for (const example of examples) expect(schema.safeParse(example).error).toBeUndefined();
  });

  it('imports the legacy row of its example', () => {
    const [example] = requestExamples('POST', '/v1/admin/dossiers:import') as { rows: unknown[] }[];
    for (const row of example?.rows ?? [])
      expect(LegacyDossierRowSchema.safeParse(row).error).toBeUndefined();
  });
});
