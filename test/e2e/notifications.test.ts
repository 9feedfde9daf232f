/**
 * Notifications over HTTP against the local runtime: a dossier whose applicant gave an email
 * gets a message for each status change they must act on or hear the outcome of (captured
 * locally, listed with its delivery state), none for the others, and none by SMS when no phone
 * was given.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, token } from './http.ts';

type Notification = { version: number; status: string; channel: string; recipient: string; state: string };

const tokens = {} as Record<'center' | 'otherCenter' | 'police', string>;
let documents: { documentCode: string }[] = [];
let keys = 0;

beforeAll(async () => {
  tokens.center = await token('local-center-hong-gai');
  tokens.otherCenter = await token('local-center-bai-chay');
  tokens.police = await token('local-agency-police');
  const procedure = await api<{ documents: { code: string; mandatory: boolean }[] }>(
    'GET',
    '/v1/procedures/3.000333',
    { token: tokens.center },
  );
  documents = procedure.json.documents.filter((d) => d.mandatory).map((d) => ({ documentCode: d.code }));
});

const notifications = (code: string, bearer = tokens.center) =>
  api<{ items: Notification[] }>('GET', `/v1/dossiers/${code}/notifications`, { token: bearer });

describe('notifications of status changes', () => {
  it('an applicant with an email is told of a payment request and of the result, nothing else', async () => {
    const filed = await api<{ dossierCode: string }>('POST', '/v1/dossiers', {
      token: tokens.center,
      headers: { 'idempotency-key': `e2e-notify-${Date.now()}-${++keys}` },
      body: {
        procedureCode: '3.000333',
        centerId: 'hong-gai',
        channel: 'DIRECT',
        applicant: {
          type: 'CITIZEN',
          idNumber: '022190000123',
          fullName: 'Nguyễn Văn An',
          email: 'an.nguyen@example.com',
          address: 'Tổ 1, khu 2, phường Hồng Gai',
        },
        summary: 'Cấp Phiếu lý lịch tư pháp số 1',
        documents,
        resultDelivery: 'COUNTER',
      },
    });
    expect(filed.status, filed.text).toBe(201);
    const code = filed.json.dossierCode;
    const steps = [
      [tokens.police, { action: 'START' }],
      [tokens.police, { action: 'REQUEST_PAYMENT', fees: [{ code: 'LLTP', name: 'Phí', amount: 200_000 }] }],
      [tokens.center, { action: 'CONFIRM_PAYMENT' }],
      [
        tokens.police,
        { action: 'RESOLVE', documents: [{ documentCode: 'KQ01', name: 'Phiếu lý lịch tư pháp' }] },
      ],
    ] as const;
    for (const [bearer, body] of steps) {
      const acted = await api('POST', `/v1/dossiers/${code}/actions`, { token: bearer, body });
      expect(acted.status, acted.text).toBe(200);
    }

    // Filed at the counter (receipt in hand), started, paid: nothing told. The result, last of
    // all, is told once everything before it was routed.
    const expected = [
      [3, 'PAYMENT_REQUESTED'],
      [5, 'RESOLVED'],
    ];
    const items = await eventually(
      async () => {
        const listed = await notifications(code);
        expect(listed.status, listed.text).toBe(200);
        expect(listed.json.items.filter((n) => n.state === 'CAPTURED')).toHaveLength(expected.length);
        return listed.json.items;
      },
      { timeoutMs: 20_000 },
    );
    expect(items.map((n) => [n.version, n.status])).toEqual(expected);
    for (const n of items) {
      expect(n).toMatchObject({ channel: 'EMAIL', recipient: 'a***@example.com', state: 'CAPTURED' });
    }

    // Someone who may not see the dossier sees none of its messages.
    expect((await notifications(code, tokens.otherCenter)).status).toBe(404);
  });
});
