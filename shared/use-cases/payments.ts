/**
 * Online payment of a dossier's fees (docs/api.md, Payments): opening a payment, listing a
 * dossier's payments, and the gateway's callback that confirms payment exactly once.
 */
import { maySee, type Principal } from '#shared/domain/access.ts';
import { notFound } from '#shared/domain/errors.ts';
import {
  confirmPaidOnline,
  decideCallback,
  dossierCodeOfPayment,
  openPayment,
  type Payment,
  type PaymentCallback,
  rejectedCallback,
  signedFieldsOf,
} from '#shared/domain/payment.ts';
import type { DossierStore, PaymentGateway, PaymentStore } from './ports.ts';

export type PaymentDeps = {
  dossiers: DossierStore;
  payments: PaymentStore;
  gateway: PaymentGateway;
  now: () => Date;
  /** A fresh random payment id suffix (12 of `a-z0-9`). */
  newSuffix: () => string;
};

/** A payment as the caller may pay it: with its gateway page while it can still be paid. */
export type OpenedPayment = { payment: Payment; payUrl: string; reused: boolean };

/**
 * Opens a payment of a dossier's requested fees:
 * 1. reads the dossier; one the caller may not see is "not found";
 * 2. the domain checks the caller and the dossier (PAYMENT_REQUESTED, a positive amount);
 * 3. a payment still open for this very fee request is handed out again rather than a second
 *    one opened (two open payments could both be paid);
 * 4. stores the new PENDING payment and signs its gateway page.
 */
export async function openDossierPayment(
  deps: PaymentDeps,
  principal: Principal,
  dossierCode: string,
): Promise<OpenedPayment> {
  const dossier = await deps.dossiers.get(dossierCode);
  if (!dossier || !maySee(principal, dossier)) throw notFound(`No dossier ${dossierCode}`);
  const now = deps.now();
  const payment = openPayment(dossier, principal, now, deps.newSuffix());
  const open = (await deps.payments.list(dossierCode)).find(
    (p) =>
      p.status === 'PENDING' &&
      p.dossierVersion === dossier.version &&
      new Date(p.expiresAt).getTime() > now.getTime(),
  );
  if (open) return { payment: open, payUrl: await deps.gateway.payUrl(open), reused: true };
  await deps.payments.create(payment);
  return { payment, payUrl: await deps.gateway.payUrl(payment), reused: false };
}

/** A dossier's payments, for a caller who may see the dossier. */
export async function listDossierPayments(
  deps: Pick<PaymentDeps, 'dossiers' | 'payments'>,
  principal: Principal,
  dossierCode: string,
): Promise<Payment[]> {
  const dossier = await deps.dossiers.get(dossierCode);
  if (!dossier || !maySee(principal, dossier)) throw notFound(`No dossier ${dossierCode}`);
  return deps.payments.list(dossierCode);
}

export type CallbackResult = {
  payment: Payment;
  /** What the callback did: confirmed the dossier, recorded the payment alone, or nothing new. */
  outcome: 'confirmed' | 'recorded' | 'failed' | 'duplicate';
};

/**
 * The gateway's callback:
 * 1. the signature holds over the other fields (else rejected: 400, nothing read or written);
 * 2. the payment exists (else rejected) and the domain decides (amount, window, already decided);
 * 3. PAID: the payment and the dossier's CONFIRM_PAYMENT are written in one transaction guarded
 *    by the payment still being PENDING and the dossier's status and version, so duplicates,
 *    replays and a clerk's confirmation racing it confirm the dossier once; FAILED: the payment
 *    alone. A callback that lost a race reads the payment again and answers as a duplicate.
 */
export async function handlePaymentCallback(
  deps: Pick<PaymentDeps, 'dossiers' | 'payments' | 'gateway' | 'now'>,
  callback: PaymentCallback,
): Promise<CallbackResult> {
  if (!(await deps.gateway.verify(signedFieldsOf(callback), callback.secureHash))) {
    throw rejectedCallback('signature', 'The callback is not signed with the gateway secret', [
      { path: 'secureHash', message: 'does not match' },
    ]);
  }
  const unknown = () =>
    rejectedCallback('unknown-payment', `No payment ${callback.paymentId}`, [
      { path: 'paymentId', message: 'unknown' },
    ]);
  if (!dossierCodeOfPayment(callback.paymentId)) throw unknown();
  const payment = await deps.payments.get(callback.paymentId);
  if (!payment) throw unknown();
  const now = deps.now();
  const decided = decideCallback(payment, callback, now);
  if (decided.kind === 'duplicate') return { payment, outcome: 'duplicate' };
  if (decided.kind === 'failed') {
    if (await deps.payments.recordFailed(decided.payment))
      return { payment: decided.payment, outcome: 'failed' };
    return settled(deps, payment);
  }
  const dossier = await deps.dossiers.get(payment.dossierCode);
  const decision = dossier ? confirmPaidOnline(dossier, decided.payment, now) : undefined;
  const recorded = await deps.payments.recordPaid(decided.payment, decision);
  if (recorded === 'already-decided') return settled(deps, payment);
  return { payment: decided.payment, outcome: recorded };
}

/** Another callback decided the payment first: what it decided. */
async function settled(deps: Pick<PaymentDeps, 'payments'>, payment: Payment): Promise<CallbackResult> {
  return { payment: (await deps.payments.get(payment.paymentId)) ?? payment, outcome: 'duplicate' };
}
