import { describe, expect, it } from 'vitest';
import { ROUTES } from '#infra/topology.ts';
import { openApiDocument } from '#shared/contract/openapi.ts';

describe('the OpenAPI document', () => {
  const document = openApiDocument();

  it('is OpenAPI 3.1 and documents every route of the topology with its scopes', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const op = document.paths?.[route.path]?.[route.method.toLowerCase() as 'get' | 'post'];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op?.security).toEqual(route.auth === 'token' ? [{ oauth2: [...route.scopes] }] : []);
    }
  });

  it('names the contract’s schemas as components, with the binding enums', () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['Dossier', 'SubmitDossierRequest', 'Procedure', 'Problem', 'ActionRequest']),
    );
    const dossier = JSON.stringify(schemas.Dossier);
    for (const word of ['OWN_AUTHORITY', 'BOUNDARY_FREE', 'VERTICAL', 'SUPPLEMENT_REQUESTED', 'history']) {
      expect(dossier).toContain(word);
    }
  });

  it('documents problem+json responses and the Idempotency-Key header of submissions', () => {
    const submit = document.paths?.['/v1/dossiers']?.post;
    expect(JSON.stringify(submit?.parameters)).toContain('Idempotency-Key');
    expect(submit?.responses?.['422']).toBeDefined();
    expect(JSON.stringify(submit?.responses?.['422'])).toContain('application/problem+json');
  });
});
