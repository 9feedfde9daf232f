import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacPaymentGateway } from '#shared/adapters/payment-gateway.ts';
import { UNITS } from '#shared/config/seed-catalog.ts';
import { type Dossier, openDossier } from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import {
  confirmPaidOnline,
  decideCallback,
  dossierCodeOfPayment,
  hasValidSignature,
  openPayment,
  type Payment,
  type PaymentCallback,
  secureHash,
  signedFieldsOf,
  signingText,
} from '#shared/domain/payment.ts';
import {
  handlePaymentCallback,
  listDossierPayments,
  openDossierPayment,
  type PaymentDeps,
} from '#shared/use-cases/payments.ts';
import type { PaidRecord, PaymentStore } from '#shared/use-cases/ports.ts';
import {
  BIRTH_REGISTRATION,
  calendar,
  center,
  principals,
  procedure,
  submission,
} from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

const SECRET = 'test-gateway-secret';
const CODE = '000.21.01.H49-250715-0001';
const NOW = new Date('2025-07-15T09:00:00+07:00');
const FEES = [
  { code: 'LP01', name: 'Lệ phí', amount: 50_000 },
  { code: 'PH01', name: 'Phí', amount: 100_000 },
];

/** A DIRECT birth registration at Hong Gai, started, with fees of 150,000 VND requested. */
function paymentRequested(): Dossier {
  const competentUnit = UNITS.find((u) => u.unitId === 'hong-gai-pc');
  if (!competentUnit) throw new Error('no hong-gai-pc');
  const { dossier } = openDossier({
    request: submission(),
    procedure: procedure(BIRTH_REGISTRATION),
    center: center('hong-gai'),
    competentUnit,
    dossierCode: CODE,
    submittedBy: principals.hongGai,
    now: new Date('2025-07-14T09:00:00+07:00'),
    calendar,
  });
  const started = decide(dossier, { action: 'START' }, principals.commune, NOW, calendar).next;
  return decide(started, { action: 'REQUEST_PAYMENT', fees: FEES }, principals.commune, NOW, calendar).next;
}

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

const signed = (payment: Payment, overrides: Partial<PaymentCallback> = {}): PaymentCallback => {
  const fields = {
    paymentId: payment.paymentId,
    amount: payment.amount,
    status: 'PAID' as const,
    transactionRef: 'VNP14123456',
    paidAt: '2025-07-15T02:05:00Z',
    ...overrides,
  };
  const hash = secureHash(signedFieldsOf({ ...fields, secureHash: '' }), SECRET);
  return { ...fields, secureHash: hash };
};

describe('the gateways’ signature', () => {
  it('signs the fields sorted by name, values URL-encoded (space as +), joined by &', () => {
    const fields = { paymentId: 'A.b', amount: '150000', orderInfo: 'Lệ phí hồ sơ 1&2' };
    const text = 'amount=150000&orderInfo=L%E1%BB%87+ph%C3%AD+h%E1%BB%93+s%C6%A1+1%262&paymentId=A.b';
    expect(signingText(fields)).toBe(text);
    expect(secureHash(fields, SECRET)).toBe(createHmac('sha512', SECRET).update(text).digest('hex'));
    expect(secureHash(fields, SECRET)).toMatch(/^[0-9a-f]{128}$/);
  });

  it('accepts its own signature and refuses a changed field, another secret or a truncated hash', () => {
    const fields = { paymentId: 'A.b', amount: '150000' };
    const hash = secureHash(fields, SECRET);
    expect(hasValidSignature(fields, hash, SECRET)).toBe(true);
    expect(hasValidSignature({ ...fields, amount: '150001' }, hash, SECRET)).toBe(false);
    expect(hasValidSignature(fields, hash, 'another secret')).toBe(false);
    expect(hasValidSignature(fields, hash.slice(0, 64), SECRET)).toBe(false);
  });

  it('the gateway adapter signs its payment page so that the page can check it', async () => {
    const payment = openPayment(paymentRequested(), principals.portal, NOW, 'abcdefghijkl');
    const gateway = new HmacPaymentGateway(
      () => 'http://127.0.0.1:1/_gateway/pay',
      async () => SECRET,
    );
    const url = new URL(await gateway.payUrl(payment));
    const { secureHash: hash, ...fields } = Object.fromEntries(url.searchParams);
    expect(fields.paymentId).toBe(payment.paymentId);
    expect(fields.amount).toBe('150000');
    expect(await gateway.verify(fields, hash ?? '')).toBe(true);
    expect(await gateway.verify({ ...fields, amount: '1' }, hash ?? '')).toBe(false);
  });
});

describe('opening a payment', () => {
  it('pays the requested fees, for this fee request, within 15 minutes', () => {
    const dossier = paymentRequested();
    const payment = openPayment(dossier, principals.hongGai, NOW, 'abcdefghijkl');
    expect(payment).toMatchObject({
      paymentId: `${CODE}.abcdefghijkl`,
      dossierCode: CODE,
      dossierVersion: dossier.version,
      amount: 150_000,
      status: 'PENDING',
      createdBy: 'local-center-hong-gai',
      expiresAt: '2025-07-15T09:15:00+07:00',
    });
    expect(dossierCodeOfPayment(payment.paymentId)).toBe(CODE);
    expect(dossierCodeOfPayment('no-suffix')).toBeUndefined();
    expect(dossierCodeOfPayment(`${CODE}.UPPERCASE123`)).toBeUndefined();
  });

  it('is refused to an agency (403) and when no payment is requested (409)', () => {
    const dossier = paymentRequested();
    expect(refusal(() => openPayment(dossier, principals.commune, NOW, 'abcdefghijkl')).kind).toBe(
      'forbidden',
    );
    const confirmed = { ...dossier, status: 'IN_PROGRESS' as const };
    expect(refusal(() => openPayment(confirmed, principals.portal, NOW, 'abcdefghijkl')).kind).toBe(
      'conflict',
    );
  });
});

describe('deciding a callback', () => {
  const payment = () => openPayment(paymentRequested(), principals.portal, NOW, 'abcdefghijkl');

  it('a wrong amount is rejected naming amount', () => {
    const error = refusal(() => decideCallback(payment(), signed(payment(), { amount: 1 }), NOW));
    expect(error.kind).toBe('validation');
    expect(error.extensions.reason).toBe('amount');
    expect(error.errors[0]?.path).toBe('amount');
  });

  it('pays a pending payment, fails it, and leaves a decided one as it is', () => {
    expect(decideCallback(payment(), signed(payment()), NOW)).toMatchObject({
      kind: 'paid',
      payment: { status: 'PAID', transactionRef: 'VNP14123456', paidAt: '2025-07-15T09:05:00+07:00' },
    });
    expect(decideCallback(payment(), signed(payment(), { status: 'FAILED' }), NOW).kind).toBe('failed');
    const paid = { ...payment(), status: 'PAID' as const };
    expect(decideCallback(paid, signed(paid, { transactionRef: 'OTHER' }), NOW)).toEqual({
      kind: 'duplicate',
      payment: paid,
    });
  });

  it('an expired payment cannot be paid any more', () => {
    const late = new Date(NOW.getTime() + 15 * 60_000);
    expect(refusal(() => decideCallback(payment(), signed(payment()), late)).extensions.reason).toBe(
      'expired',
    );
  });

  it('confirms the dossier paid online only while it waits for this very fee request', () => {
    const dossier = paymentRequested();
    const p = openPayment(dossier, principals.portal, NOW, 'abcdefghijkl');
    const decision = confirmPaidOnline(dossier, p, NOW);
    expect(decision?.next).toMatchObject({
      status: 'IN_PROGRESS',
      version: dossier.version + 1,
      paidOnline: true,
    });
    expect(decision?.event).toMatchObject({ action: 'CONFIRM_PAYMENT', actor: 'payment-gateway' });
    expect(confirmPaidOnline({ ...dossier, version: dossier.version + 2 }, p, NOW)).toBeUndefined();
    expect(confirmPaidOnline({ ...dossier, status: 'IN_PROGRESS' }, p, NOW)).toBeUndefined();
  });

  it('a clerk’s CONFIRM_PAYMENT records the fees as paid at the counter', () => {
    const next = decide(
      paymentRequested(),
      { action: 'CONFIRM_PAYMENT' },
      principals.hongGai,
      NOW,
      calendar,
    ).next;
    expect(next.paidOnline).toBe(false);
  });
});

/** Payments kept in memory with the store's guarantees: a payment is decided once. */
function memoryPaymentStore(dossiers: ReturnType<typeof memoryDossierStore>) {
  const payments = new Map<string, Payment>();
  const store: PaymentStore & { payments: Map<string, Payment> } = {
    payments,
    async create(payment) {
      payments.set(payment.paymentId, structuredClone(payment));
    },
    async get(paymentId) {
      const p = payments.get(paymentId);
      return p && structuredClone(p);
    },
    async list(dossierCode) {
      return [...payments.values()].filter((p) => p.dossierCode === dossierCode);
    },
    async recordPaid(paid, decision): Promise<PaidRecord> {
      if (payments.get(paid.paymentId)?.status !== 'PENDING') return 'already-decided';
      payments.set(paid.paymentId, structuredClone(paid));
      const current = dossiers.dossiers.get(paid.dossierCode);
      if (decision && current && (await dossiers.applyTransition(current, decision.next, decision.event))) {
        return 'confirmed';
      }
      if (current) current.paidOnline = true;
      return 'recorded';
    },
    async recordFailed(failed) {
      if (payments.get(failed.paymentId)?.status !== 'PENDING') return false;
      payments.set(failed.paymentId, structuredClone(failed));
      return true;
    },
  };
  return store;
}

function setUp() {
  const dossiers = memoryDossierStore([paymentRequested()]);
  const payments = memoryPaymentStore(dossiers);
  const deps: PaymentDeps = {
    dossiers,
    payments,
    gateway: new HmacPaymentGateway(
      () => 'http://127.0.0.1:1/_gateway/pay',
      async () => SECRET,
    ),
    now: () => NOW,
    newSuffix: () => 'abcdefghijkl',
  };
  return { deps, dossiers, payments };
}

describe('the payment use cases', () => {
  it('a callback arriving three times confirms the dossier once', async () => {
    const { deps, dossiers } = setUp();
    const { payment } = await openDossierPayment(deps, principals.hongGai, CODE);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await handlePaymentCallback(deps, signed(payment))).outcome);
    expect(outcomes).toEqual(['confirmed', 'duplicate', 'duplicate']);
    const dossier = dossiers.dossiers.get(CODE);
    expect(dossier).toMatchObject({ status: 'IN_PROGRESS', paidOnline: true });
    expect(dossiers.history.get(CODE)?.filter((e) => e.action === 'CONFIRM_PAYMENT')).toHaveLength(1);
  });

  it('a bad signature is rejected before anything is read or written', async () => {
    const { deps, dossiers, payments } = setUp();
    const { payment } = await openDossierPayment(deps, principals.hongGai, CODE);
    const forged = { ...signed(payment), transactionRef: 'FORGED' };
    await expect(handlePaymentCallback(deps, forged)).rejects.toMatchObject({
      kind: 'validation',
      extensions: { reason: 'signature' },
    });
    expect(payments.payments.get(payment.paymentId)?.status).toBe('PENDING');
    expect(dossiers.dossiers.get(CODE)?.status).toBe('PAYMENT_REQUESTED');
  });

  it('an unknown payment with a valid signature is rejected', async () => {
    const { deps } = setUp();
    const { payment } = await openDossierPayment(deps, principals.hongGai, CODE);
    const other = { ...payment, paymentId: `${CODE}.zzzzzzzzzzzz` };
    await expect(handlePaymentCallback(deps, signed(other))).rejects.toMatchObject({
      extensions: { reason: 'unknown-payment' },
    });
  });

  it('after a clerk confirmed, a paid callback records the payment and the dossier as paid online', async () => {
    const { deps, dossiers } = setUp();
    const { payment } = await openDossierPayment(deps, principals.hongGai, CODE);
    const dossier = dossiers.dossiers.get(CODE) as Dossier;
    const clerk = decide(dossier, { action: 'CONFIRM_PAYMENT' }, principals.hongGai, NOW, calendar);
    await dossiers.applyTransition(dossier, clerk.next, clerk.event);
    expect((await handlePaymentCallback(deps, signed(payment))).outcome).toBe('recorded');
    expect(dossiers.dossiers.get(CODE)).toMatchObject({ status: 'IN_PROGRESS', paidOnline: true });
    expect(dossiers.history.get(CODE)?.filter((e) => e.action === 'CONFIRM_PAYMENT')).toHaveLength(1);
  });

  it('hands out the payment still open instead of opening a second one, and lists it', async () => {
    const { deps } = setUp();
    const first = await openDossierPayment(deps, principals.hongGai, CODE);
    const second = await openDossierPayment(
      { ...deps, newSuffix: () => 'mnopqrstuvwx' },
      principals.hongGai,
      CODE,
    );
    expect(second).toMatchObject({ reused: true, payment: { paymentId: first.payment.paymentId } });
    expect(await listDossierPayments(deps, principals.hongGai, CODE)).toHaveLength(1);
    await expect(listDossierPayments(deps, principals.baiChay, CODE)).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
