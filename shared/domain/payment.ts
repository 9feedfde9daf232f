/**
 * Online payment of a dossier's fees (docs/api.md, Payments): a payment opened for the fees an
 * agency requested, the signature the Vietnamese gateways put on their callbacks, and what a
 * callback may change. Pure: storage applies the outcome as conditional writes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from './access.ts';
import type { Dossier, TimelineEvent } from './dossier.ts';
import { conflict, DomainError, type FieldError, forbidden } from './errors.ts';
import { type Decision, TRANSITIONS } from './lifecycle.ts';
import { toVietnamIso } from './time.ts';

/** How long a payment may be paid: the gateways' own default window (VNPay: 15 minutes). */
export const PAYMENT_WINDOW_MINUTES = 15;
/** Who the timeline names for a CONFIRM_PAYMENT a gateway callback performed. */
export const PAYMENT_GATEWAY_ACTOR = 'payment-gateway';

export type StoredPaymentStatus = 'PENDING' | 'PAID' | 'FAILED';
/** As shown: a PENDING payment past its window is EXPIRED (nothing can pay it any more). */
export type PaymentStatus = StoredPaymentStatus | 'EXPIRED';

export type Payment = {
  paymentId: string;
  dossierCode: string;
  /** The dossier version whose fee request it pays: a later request needs a payment of its own. */
  dossierVersion: number;
  amount: number;
  status: StoredPaymentStatus;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  transactionRef?: string;
  paidAt?: string;
  /** FAILED: when the gateway said so. */
  failedAt?: string;
};

export const paymentStatusAt = (payment: Payment, now: Date): PaymentStatus =>
  payment.status === 'PENDING' && now.getTime() >= new Date(payment.expiresAt).getTime()
    ? 'EXPIRED'
    : payment.status;

/**
 * A payment's id names its dossier (`<dossierCode>.<suffix>`), so a callback that carries only
 * the id finds the dossier's partition without an index; the suffix is random, never a counter.
 */
export const PAYMENT_ID_SUFFIX = /^[a-z0-9]{12}$/;
export const paymentIdFor = (dossierCode: string, suffix: string): string => `${dossierCode}.${suffix}`;
export function dossierCodeOfPayment(paymentId: string): string | undefined {
  const dot = paymentId.lastIndexOf('.');
  if (dot <= 0 || !PAYMENT_ID_SUFFIX.test(paymentId.slice(dot + 1))) return undefined;
  return paymentId.slice(0, dot);
}

/** The fees a dossier owes: the sum of the amounts its agency requested. */
export const feesDue = (dossier: Pick<Dossier, 'fees'>): number =>
  (dossier.fees ?? []).reduce((sum, fee) => sum + fee.amount, 0);

/**
 * Opens a payment of a dossier's requested fees:
 * 1. the caller's profile is one that may confirm payment (portal, center);
 * 2. the dossier waits for payment (PAYMENT_REQUESTED) and owes a positive amount;
 * 3. the payment pays exactly those fees, for this version of the request, within the window.
 */
export function openPayment(dossier: Dossier, actor: Principal, now: Date, suffix: string): Payment {
  const rule = TRANSITIONS.CONFIRM_PAYMENT;
  if (!rule.who.includes(actor.profile)) throw forbidden(`The ${actor.profile} profile may not pay fees`);
  if (!rule.from.includes(dossier.status)) {
    throw conflict(`Dossier ${dossier.dossierCode} is ${dossier.status}: no payment is requested`, {
      currentStatus: dossier.status,
      version: dossier.version,
    });
  }
  const amount = feesDue(dossier);
  if (amount <= 0) {
    throw conflict(`Dossier ${dossier.dossierCode} owes nothing`, {
      currentStatus: dossier.status,
      version: dossier.version,
    });
  }
  return {
    paymentId: paymentIdFor(dossier.dossierCode, suffix),
    dossierCode: dossier.dossierCode,
    dossierVersion: dossier.version,
    amount,
    status: 'PENDING',
    createdAt: toVietnamIso(now),
    createdBy: actor.clientId,
    expiresAt: toVietnamIso(new Date(now.getTime() + PAYMENT_WINDOW_MINUTES * 60_000)),
  };
}

// ---- the gateways' signature -------------------------------------------------------------------

/**
 * The text the Vietnamese gateways (VNPay, and PayGov's HMAC profile) sign: the fields sorted by
 * name, each `name=value` with the value URL-encoded (a space as `+`, as their reference code
 * encodes it), joined by `&`. Empty values are left out, as the gateways leave them out.
 */
export function signingText(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .filter((name) => fields[name] !== '')
    .sort()
    .map((name) => `${name}=${encodeURIComponent(fields[name] ?? '').replaceAll('%20', '+')}`)
    .join('&');
}

/** Lowercase hex HMAC-SHA512 of the signing text, keyed with the gateway's secret. */
export const secureHash = (fields: Readonly<Record<string, string>>, secret: string): string =>
  createHmac('sha512', secret).update(signingText(fields), 'utf8').digest('hex');

/** Whether `hash` is the fields' signature (compared in constant time). */
export function hasValidSignature(
  fields: Readonly<Record<string, string>>,
  hash: string,
  secret: string,
): boolean {
  const expected = Buffer.from(secureHash(fields, secret), 'utf8');
  const given = Buffer.from(hash, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// ---- callbacks ---------------------------------------------------------------------------------

export type PaymentCallback = {
  paymentId: string;
  amount: number;
  status: 'PAID' | 'FAILED';
  transactionRef: string;
  paidAt: string;
  secureHash: string;
};

/** The fields a callback's signature covers: all but the signature, as the gateway sent them. */
export const signedFieldsOf = ({ secureHash: _, ...fields }: PaymentCallback): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, String(value)]));

/** Why a callback was refused: it changes nothing, answers 400 and is counted (dimension `reason`). */
export const PAYMENT_CALLBACK_REJECTIONS = ['signature', 'amount', 'expired', 'unknown-payment'] as const;
export type CallbackRejection = (typeof PAYMENT_CALLBACK_REJECTIONS)[number];

export const PAYMENT_CALLBACK_REJECTED = 'payment-callback-rejected';
export const rejectedCallback = (reason: CallbackRejection, message: string, errors: FieldError[]) =>
  new DomainError('validation', message, {
    errors,
    extensions: { reason },
    slug: PAYMENT_CALLBACK_REJECTED,
  });

/** What a callback whose signature holds does to its payment. */
export type CallbackOutcome =
  /** Already decided the same way (a duplicate or a replay): nothing to do. */
  | { kind: 'duplicate'; payment: Payment }
  | { kind: 'failed'; payment: Payment }
  | { kind: 'paid'; payment: Payment };

/**
 * Decides a signed callback against the stored payment:
 * 1. the amount is the payment's (else rejected);
 * 2. a payment already PAID or FAILED stays as it is (duplicates and replays change nothing);
 * 3. a PENDING payment past its window cannot be paid (rejected; the gateway's window is the same);
 * 4. otherwise it becomes PAID with the gateway's reference, or FAILED.
 */
export function decideCallback(payment: Payment, callback: PaymentCallback, now: Date): CallbackOutcome {
  if (callback.amount !== payment.amount) {
    throw rejectedCallback('amount', `Payment ${payment.paymentId} is for ${payment.amount} VND`, [
      { path: 'amount', message: `expected ${payment.amount}` },
    ]);
  }
  if (payment.status !== 'PENDING') return { kind: 'duplicate', payment };
  if (paymentStatusAt(payment, now) === 'EXPIRED' && callback.status === 'PAID') {
    throw rejectedCallback('expired', `Payment ${payment.paymentId} expired at ${payment.expiresAt}`, [
      { path: 'paymentId', message: 'expired' },
    ]);
  }
  if (callback.status === 'FAILED') {
    return { kind: 'failed', payment: { ...payment, status: 'FAILED', failedAt: toVietnamIso(now) } };
  }
  return {
    kind: 'paid',
    payment: {
      ...payment,
      status: 'PAID',
      transactionRef: callback.transactionRef,
      paidAt: toVietnamIso(new Date(callback.paidAt)),
    },
  };
}

/**
 * CONFIRM_PAYMENT as a paid callback performs it: only while the dossier still waits for the
 * very fee request the payment paid (same version), and the dossier is marked paid online
 * (Decision 766 indicator 3.6). Undefined when the dossier has moved on (a clerk confirmed,
 * the dossier was stopped or withdrawn): the payment is then recorded alone.
 */
export function confirmPaidOnline(dossier: Dossier, payment: Payment, now: Date): Decision | undefined {
  const rule = TRANSITIONS.CONFIRM_PAYMENT;
  if (!rule.from.includes(dossier.status) || dossier.version !== payment.dossierVersion) return undefined;
  const next: Dossier = { ...dossier, status: rule.to, version: dossier.version + 1, paidOnline: true };
  const event: TimelineEvent = {
    at: toVietnamIso(now),
    action: 'CONFIRM_PAYMENT',
    actor: PAYMENT_GATEWAY_ACTOR,
    fromStatus: dossier.status,
    toStatus: rule.to,
    note: `Thanh toán trực tuyến: ${payment.amount} VND, mã giao dịch ${payment.transactionRef ?? ''}`.trim(),
    version: next.version,
  };
  return { next, event };
}
