/**
 * The citizen-facing services above the domain: the use cases over in-memory ports (the lookup's
 * one answer for a wrong pair and an unknown code, the rating's once), the runtime's per-IP
 * limit of the public routes, the response encoding of bytes and pages, and the lookup page.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOOKUP_RATE_LIMIT_ENV } from '#infra/topology.ts';
import { LOOKUP_PAGE_HEADERS, renderLookupPage } from '#shared/contract/lookup-page.ts';
import { publicView } from '#shared/domain/lookup.ts';
import type { Rating } from '#shared/domain/rating.ts';
import { httpHandler } from '#shared/runtime/http.ts';
import { rateRefusal, useClientRateCounter } from '#shared/runtime/route-access.ts';
import {
  dossierReceipt,
  LOOKUP_NOT_FOUND,
  lookUpDossier,
  rateDossier,
} from '#shared/use-cases/citizen-services.ts';
import { apiEvent, lambdaContext } from '../fixtures/api-event.ts';
import { principals, seedCatalog } from '../fixtures/catalog.ts';
import { history, storedDossier } from '../fixtures/citizen.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

vi.hoisted(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});
afterEach(() => {
  useClientRateCounter(undefined);
  vi.unstubAllEnvs();
});

/** The in-memory store with a rating that holds its condition, as the DynamoDB adapter does. */
function ratingStore(dossiers = [storedDossier({ status: 'RETURNED' })]) {
  const store = memoryDossierStore(dossiers);
  return Object.assign(store, {
    async recordRating(code: string, rating: Rating) {
      const dossier = store.dossiers.get(code);
      if (!dossier || dossier.rating || dossier.status !== 'RETURNED') return false;
      store.dossiers.set(code, { ...dossier, rating });
      return true;
    },
  });
}

describe('lookup use case', () => {
  const store = memoryDossierStore([storedDossier()]);
  store.history.set(storedDossier().dossierCode, history());

  it('answers the public view for the right pair', async () => {
    const view = await lookUpDossier(storedDossier().dossierCode, '0123', store);
    expect(view).toEqual(publicView(storedDossier(), history()));
  });

  it('answers a wrong pair exactly as an unknown code', async () => {
    const wrongPair = await lookUpDossier(storedDossier().dossierCode, '0124', store).catch(
      (e: unknown) => e,
    );
    const unknown = await lookUpDossier('000.21.01.H49-261126-9999', '0123', store).catch((e: unknown) => e);
    expect(wrongPair).toMatchObject({ kind: 'not-found', message: LOOKUP_NOT_FOUND });
    expect(unknown).toMatchObject({ kind: 'not-found', message: LOOKUP_NOT_FOUND });
    expect(JSON.stringify(wrongPair)).toBe(JSON.stringify(unknown));
  });
});

describe('rating use case', () => {
  const code = storedDossier().dossierCode;
  const now = new Date('2026-11-27T03:00:00Z');

  it('records one rating; a second, or one racing it, is 409', async () => {
    const store = ratingStore();
    const [first, second] = await Promise.allSettled([
      rateDossier(principals.hongGai, code, { score: 5 }, now, store),
      rateDossier(principals.hongGai, code, { score: 1 }, now, store),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { score: 5 } });
    expect(second).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    expect(store.dossiers.get(code)?.rating?.score).toBe(5);
  });

  it('is 404 for a client that may not see the dossier, 403 for an agency that may', async () => {
    const store = ratingStore();
    await expect(rateDossier(principals.baiChay, code, { score: 5 }, now, store)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(rateDossier(principals.commune, code, { score: 5 }, now, store)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(store.dossiers.get(code)?.rating).toBeUndefined();
  });
});

describe('receipt use case', () => {
  it('renders the content of a dossier the caller may see, with the lookup URL of its code and digits', async () => {
    const store = memoryDossierStore([storedDossier()]);
    const rendered: unknown[] = [];
    const renderer = {
      render: async (content: unknown) => {
        rendered.push(content);
        return new Uint8Array([1]);
      },
    };
    const deps = { dossiers: store, catalog: seedCatalog(), renderer };
    await dossierReceipt(principals.hongGai, storedDossier().dossierCode, 'http://127.0.0.1:3000', deps);
    expect(rendered[0]).toMatchObject({
      lookupUrl: 'http://127.0.0.1:3000/tra-cuu?ma=000.21.01.H49-261126-0001&so=0123',
      dossierCode: storedDossier().dossierCode,
    });
    await expect(
      dossierReceipt(principals.baiChay, storedDossier().dossierCode, 'http://x', deps),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect(rendered).toHaveLength(1);
  });
});

describe('per-IP limit of the public lookup', () => {
  const lookupFrom = (sourceIp: string): APIGatewayProxyEvent => {
    const event = apiEvent({ method: 'GET', path: '/v1/lookup' });
    return {
      ...event,
      requestContext: { ...event.requestContext, identity: { ...event.requestContext.identity, sourceIp } },
    };
  };

  it('counts each address on its own, under a hashed key, and answers 429 past the limit', async () => {
    vi.stubEnv(LOOKUP_RATE_LIMIT_ENV, '2/60');
    const keys: string[] = [];
    const counts = new Map<string, number>();
    useClientRateCounter({
      count: async (key) => {
        keys.push(key);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return counts.get(key) ?? 0;
      },
    });
    const now = () => 1_800_000_000_000;
    expect(await rateRefusal(lookupFrom('203.0.113.7'), now)).toBeUndefined();
    expect(await rateRefusal(lookupFrom('203.0.113.7'), now)).toBeUndefined();
    const refused = await rateRefusal(lookupFrom('203.0.113.7'), now);
    expect(refused?.problem).toMatchObject({ status: 429, type: 'urn:motcua:problem:too-many-requests' });
    expect(refused?.headers['retry-after']).toBeDefined();
    expect(await rateRefusal(lookupFrom('203.0.113.8'), now)).toBeUndefined();
    expect(keys.every((key) => /^ip:[0-9a-f]{32}$/.test(key))).toBe(true);
    expect(new Set(keys).size).toBe(2);
  });

  it('does not count the API description, the other public route', async () => {
    let calls = 0;
    useClientRateCounter({ count: async () => ++calls });
    await rateRefusal(apiEvent({ method: 'GET', path: '/v1/openapi.json' }));
    expect(calls).toBe(0);
  });
});

describe('response encoding', () => {
  it('sends bytes base64-encoded and a page as text, with their content types', async () => {
    const bytes = httpHandler(async () => ({
      status: 200,
      body: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
      headers: { 'content-type': 'application/pdf' },
    }));
    const pdf = await bytes(apiEvent({ method: 'GET', path: '/v1/openapi.json' }), lambdaContext());
    expect(pdf).toMatchObject({
      statusCode: 200,
      isBase64Encoded: true,
      body: Buffer.from('%PDF').toString('base64'),
    });
    expect(pdf.headers?.['content-type']).toBe('application/pdf');
    const page = httpHandler(async () => ({
      status: 404,
      body: '<p>x</p>',
      headers: { ...LOOKUP_PAGE_HEADERS },
    }));
    const html = await page(apiEvent({ method: 'GET', path: '/v1/openapi.json' }), lambdaContext());
    expect(html).toMatchObject({ statusCode: 404, body: '<p>x</p>' });
    expect(html.isBase64Encoded).toBeFalsy();
  });
});

describe('lookup page', () => {
  it('is Vietnamese, labelled, scriptless, and escapes what it echoes', () => {
    const html = renderLookupPage({
      kind: 'not-found',
      values: { ma: '"><script>alert(1)</script>', so: '0123' },
      message: LOOKUP_NOT_FOUND,
    });
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<label for="ma">Mã hồ sơ</label>');
    expect(html).toContain('<label for="so">');
    expect(html).not.toContain('<script');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
    expect(LOOKUP_PAGE_HEADERS['content-security-policy']).toContain("default-src 'none'");
  });

  it('shows the status and the steps of a found dossier', () => {
    const html = renderLookupPage({
      kind: 'found',
      view: publicView(storedDossier({ status: 'IN_PROGRESS' }), history()),
    });
    expect(html).toContain('Đang giải quyết');
    expect(html).toContain('Đăng ký khai sinh (1.001193)');
    expect(html).toContain('08 giờ 05 phút, ngày 27/11/2026');
    expect(html).not.toContain('Nguyễn Văn An');
  });
});
