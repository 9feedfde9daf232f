/**
 * Online payment over HTTP against the local runtime: a fee request, a payment opened by the
 * center, paid on the simulated gateway's page (plain HTML forms), and the gateway's callback
 * arriving three times: the dossier is confirmed once and paid online. Forged and wrong-amount
 * callbacks answer 400 and change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { secureHash } from '#shared/domain/payment.ts';
import { E2E_PAYMENT_SECRET as SECRET } from './global-setup.ts';
import { api, baseUrl, contractFetch, token } from './http.ts';

const FEES = [{ code: 'LLTP', name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200_000 }];

type Dossier = {
  dossierCode: string;
  status: string;
  version: number;
  paidOnline?: boolean;
  history: { action: string; actor: string }[];
};
type OpenedPayment = { paymentId: string; amount: number; status: string; payUrl: string; expiresAt: string };

const tokens = {} as Record<'center' | 'otherCenter' | 'police' | 'portal', string>;
let documents: { documentCode: string }[] = [];
let keys = 0;

beforeAll(async () => {
  tokens.center = await token('local-center-hong-gai');
  tokens.otherCenter = await token('local-center-bai-chay');
  tokens.police = await token('local-agency-police');
  tokens.portal = await token('local-portal');
  const procedure = await api<{ documents: { code: string; mandatory: boolean }[] }>(
    'GET',
    '/v1/procedures/3.000333',
    { token: tokens.center },
  );
  documents = procedure.json.documents.filter((d) => d.mandatory).map((d) => ({ documentCode: d.code }));
});

/** A criminal-record certificate filed at the Hong Gai counter, started, with a fee requested. */
async function paymentRequested(): Promise<string> {
  const filed = await api<Dossier>('POST', '/v1/dossiers', {
    token: tokens.center,
    headers: { 'idempotency-key': `e2e-pay-${Date.now()}-${++keys}` },
    body: {
      procedureCode: '3.000333',
      centerId: 'hong-gai',
      channel: 'DIRECT',
      applicant: {
        type: 'CITIZEN',
        idNumber: '022190000123',
        fullName: 'Nguyễn Văn An',
        address: 'Tổ 1, khu 2, phường Hồng Gai',
      },
      summary: 'Cấp Phiếu lý lịch tư pháp số 1',
      documents,
      resultDelivery: 'COUNTER',
    },
  });
  expect(filed.status, filed.text).toBe(201);
  const code = filed.json.dossierCode;
  for (const body of [{ action: 'START' }, { action: 'REQUEST_PAYMENT', fees: FEES }]) {
    const acted = await api('POST', `/v1/dossiers/${code}/actions`, { token: tokens.police, body });
    expect(acted.status, acted.text).toBe(200);
  }
  return code;
}

async function openPayment(code: string): Promise<OpenedPayment> {
  const opened = await api<OpenedPayment>('POST', `/v1/dossiers/${code}/payments`, { token: tokens.center });
  expect(opened.status, opened.text).toBe(201);
  return opened.json;
}

/** A callback as the gateway signs it. */
function callback(payment: OpenedPayment, overrides: Record<string, string | number> = {}) {
  const fields = {
    paymentId: payment.paymentId,
    amount: payment.amount,
    status: 'PAID',
    transactionRef: `VNP${Date.now()}`,
    paidAt: new Date().toISOString(),
    ...overrides,
  };
  const signed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return { ...fields, secureHash: secureHash(signed, SECRET) };
}

const postCallback = (body: unknown) => api('POST', '/v1/payments/callback', { body });

const readDossier = async (code: string) =>
  (await api<Dossier>('GET', `/v1/dossiers/${code}`, { token: tokens.center })).json;

describe('online payment through the simulated gateway', () => {
  it('pays on the gateway page; the callback arriving three times confirms the dossier once', async () => {
    const code = await paymentRequested();
    const payment = await openPayment(code);
    expect(payment).toMatchObject({ amount: 200_000, status: 'PENDING' });
    const payUrl = new URL(payment.payUrl);
    expect(`${payUrl.protocol}//${payUrl.host}`).toBe(baseUrl());

    // The gateway's page: no script, two forms (pay, cancel) carrying the signed fields.
    const page = await contractFetch(payment.payUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('200000 VND');
    const form = new URLSearchParams(payUrl.searchParams);
    form.set('outcome', 'PAID');
    const paid = await contractFetch(payUrl.origin + payUrl.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect(await paid.text()).toContain('&quot;outcome&quot;:&quot;confirmed&quot;');

    // The gateway retries (its callback, as it would resend it) and a replay comes later.
    const again = callback(payment);
    const answers = await Promise.all([
      postCallback(again),
      postCallback(again),
      postCallback(callback(payment)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => (a.json as { outcome: string }).outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);

    const dossier = await readDossier(code);
    expect(dossier).toMatchObject({ status: 'IN_PROGRESS', paidOnline: true });
    const confirmations = dossier.history.filter((e) => e.action === 'CONFIRM_PAYMENT');
    expect(confirmations).toEqual([expect.objectContaining({ actor: 'payment-gateway' })]);

    const listed = await api<{ items: { paymentId: string; status: string }[] }>(
      'GET',
      `/v1/dossiers/${code}/payments`,
      { token: tokens.center },
    );
    expect(listed.json.items).toEqual([
      expect.objectContaining({ paymentId: payment.paymentId, status: 'PAID' }),
    ]);
  });

  it('three identical callbacks at once, without the page: one confirmation', async () => {
    const code = await paymentRequested();
    const payment = await openPayment(code);
    const body = callback(payment);
    const answers = await Promise.all([1, 2, 3].map(() => postCallback(body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => (a.json as { outcome: string }).outcome).sort()).toEqual([
      'confirmed',
      'duplicate',
      'duplicate',
    ]);
    const dossier = await readDossier(code);
    expect(dossier.history.filter((e) => e.action === 'CONFIRM_PAYMENT')).toHaveLength(1);
    expect(dossier.version).toBe(4);
  });

  it('a forged signature or a wrong amount answers 400 naming the field and changes nothing', async () => {
    const code = await paymentRequested();
    const payment = await openPayment(code);
    const before = await readDossier(code);
    const forged = { ...callback(payment), transactionRef: 'FORGED1' };
    const wrongAmount = callback(payment, { amount: 1 });
    for (const [body, path] of [
      [forged, 'secureHash'],
      [wrongAmount, 'amount'],
      [{ ...callback(payment), extra: 'x' }, ''],
    ] as const) {
      const answer = await postCallback(body);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (path) expect(answer.text).toContain(`"path":"${path}"`);
    }
    expect(await readDossier(code)).toEqual(before);
  });

  it('payments are opened only while payment is requested, and only by who may see the dossier', async () => {
    const code = await paymentRequested();
    const agency = await api('POST', `/v1/dossiers/${code}/payments`, { token: tokens.police });
    expect(agency.status, agency.text).toBe(403);
    const stranger = await api('POST', `/v1/dossiers/${code}/payments`, { token: tokens.otherCenter });
    expect(stranger.status, stranger.text).toBe(404);
    const first = await openPayment(code);
    const again = await api<OpenedPayment>('POST', `/v1/dossiers/${code}/payments`, { token: tokens.center });
    expect(again.status).toBe(200);
    expect(again.json.paymentId).toBe(first.paymentId);
    const confirmed = await api('POST', `/v1/dossiers/${code}/actions`, {
      token: tokens.center,
      body: { action: 'CONFIRM_PAYMENT' },
    });
    expect(confirmed.status).toBe(200);
    const late = await api('POST', `/v1/dossiers/${code}/payments`, { token: tokens.center });
    expect(late.status, late.text).toBe(409);
  });
});
