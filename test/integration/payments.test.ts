/**
 * Online payment on DynamoDB Local: the callback's writes are conditional, so duplicate
 * callbacks arriving together and a clerk's CONFIRM_PAYMENT racing them confirm the dossier
 * exactly once; a rejected callback writes nothing; an unpaid payment carries the table's TTL.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Payment, PaymentCallback } from '#shared/domain/payment.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { emulatorClients, fileDossier, useEmulators } from './emulators.ts';

const SECRET = 'integration-payment-secret';
const { resources } = useEmulators();
process.env.MOTCUA_PAYMENT_SECRET = SECRET;
process.env.MOTCUA_PAYMENT_GATEWAY_URL = 'http://127.0.0.1:9/_gateway/pay';
const clients = emulatorClients();
afterAll(() => clients.destroy());

const { catalog, attachmentStore, dossierStore, paymentGateway, paymentStore } = await import(
  '#shared/config/services.ts'
);
const { actOnDossier } = await import('#shared/use-cases/act-on-dossier.ts');
const { handlePaymentCallback, openDossierPayment } = await import('#shared/use-cases/payments.ts');
const { secureHash, signedFieldsOf } = await import('#shared/domain/payment.ts');

const FEES = [{ code: 'LP01', name: 'Lệ phí đăng ký', amount: 8_000 }];
const deps = () => ({
  catalog: catalog(),
  dossiers: dossierStore(),
  attachments: attachmentStore(),
  payments: paymentStore(),
  gateway: paymentGateway(),
  now: () => new Date(),
  newSuffix: () => randomBytes(6).toString('hex'),
});

/** A DIRECT dossier at Hong Gai, started by the commune system, with a fee requested. */
async function paymentRequested(): Promise<string> {
  const dossier = await fileDossier(principals.hongGai, submission(), new Date());
  await actOnDossier(deps(), principals.commune, dossier.dossierCode, { action: 'START' });
  await actOnDossier(deps(), principals.commune, dossier.dossierCode, {
    action: 'REQUEST_PAYMENT',
    fees: FEES,
  });
  return dossier.dossierCode;
}

const signed = (payment: Payment, overrides: Partial<PaymentCallback> = {}): PaymentCallback => {
  const fields = {
    paymentId: payment.paymentId,
    amount: payment.amount,
    status: 'PAID' as const,
    transactionRef: `VNP${Date.now()}`,
    paidAt: new Date().toISOString(),
    ...overrides,
  };
  return { ...fields, secureHash: secureHash(signedFieldsOf({ ...fields, secureHash: '' }), SECRET) };
};

const confirmations = async (code: string) =>
  ((await dossierStore().getWithHistory(code))?.history ?? []).filter((e) => e.action === 'CONFIRM_PAYMENT');

const settle = <T>(work: Promise<T>) =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('payment callbacks on DynamoDB Local', () => {
  it('three callbacks at once confirm the dossier once, and it is paid online', async () => {
    const code = await paymentRequested();
    const { payment } = await openDossierPayment(deps(), principals.hongGai, code);
    const callback = signed(payment);
    const results = await Promise.all([1, 2, 3].map(() => handlePaymentCallback(deps(), callback)));
    expect(results.map((r) => r.outcome).sort()).toEqual(['confirmed', 'duplicate', 'duplicate']);
    expect(await confirmations(code)).toHaveLength(1);
    expect(await dossierStore().get(code)).toMatchObject({ status: 'IN_PROGRESS', paidOnline: true });
    // A replay later, with another transaction reference, changes nothing.
    expect((await handlePaymentCallback(deps(), signed(payment))).outcome).toBe('duplicate');
    expect((await paymentStore().get(payment.paymentId))?.transactionRef).toBe(callback.transactionRef);
  });

  it('a clerk’s CONFIRM_PAYMENT racing the callbacks: one confirmation, the payment kept, paid online', async () => {
    const code = await paymentRequested();
    const { payment } = await openDossierPayment(deps(), principals.hongGai, code);
    const callback = signed(payment);
    const [clerk, ...callbacks] = await Promise.all([
      settle(actOnDossier(deps(), principals.hongGai, code, { action: 'CONFIRM_PAYMENT' })),
      settle(handlePaymentCallback(deps(), callback)),
      settle(handlePaymentCallback(deps(), callback)),
    ]);
    expect(await confirmations(code)).toHaveLength(1);
    const stored = await dossierStore().get(code);
    expect(stored).toMatchObject({ status: 'IN_PROGRESS', paidOnline: true });
    expect((await paymentStore().get(payment.paymentId))?.status).toBe('PAID');
    // Whoever lost: the clerk gets 409, a callback records the payment alone or is a duplicate.
    const outcomes = callbacks.map((c) => (c.ok ? c.value.outcome : 'error'));
    expect(outcomes).not.toContain('error');
    if (clerk?.ok) expect(outcomes).not.toContain('confirmed');
    else expect(clerk?.error).toMatchObject({ kind: 'conflict' });
  });

  it('a wrong amount or a bad signature changes nothing', async () => {
    const code = await paymentRequested();
    const { payment } = await openDossierPayment(deps(), principals.hongGai, code);
    const before = await dossierStore().get(code);
    await expect(handlePaymentCallback(deps(), signed(payment, { amount: 1 }))).rejects.toMatchObject({
      extensions: { reason: 'amount' },
    });
    await expect(
      handlePaymentCallback(deps(), { ...signed(payment), secureHash: '0'.repeat(128) }),
    ).rejects.toMatchObject({ extensions: { reason: 'signature' } });
    expect(await dossierStore().get(code)).toEqual(before);
    expect((await paymentStore().get(payment.paymentId))?.status).toBe('PENDING');
  });

  it('an unpaid payment expires through the table’s TTL; a paid one is kept', async () => {
    const code = await paymentRequested();
    const { payment } = await openDossierPayment(deps(), principals.hongGai, code);
    const key = { pk: `DOSSIER#${code}`, sk: `PAYMENT#${payment.paymentId}` };
    const read = async () =>
      (await clients.documents.send(new GetCommand({ TableName: resources.tables.dossiers.name, Key: key })))
        .Item;
    const ttl = (await read())?.expiresAt;
    expect(typeof ttl).toBe('number');
    expect(ttl).toBeGreaterThan(new Date(payment.expiresAt).getTime() / 1000);
    await handlePaymentCallback(deps(), signed(payment));
    expect(await read()).not.toHaveProperty('expiresAt');
  });
});
