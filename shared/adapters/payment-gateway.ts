/**
 * The payment gateway adapter for the Vietnamese gateways' HMAC scheme (VNPay; PayGov's HMAC
 * profile): the payment page is the gateway's URL with the payment's fields and their
 * `secureHash` as query parameters, and a callback is genuine when its `secureHash` is the
 * HMAC-SHA512 of its other fields (shared/domain/payment.ts, signingText). Another gateway
 * implements PaymentGateway (shared/use-cases/ports.ts) the same way: docs/api.md, Payments.
 */
import { hasValidSignature, type Payment, secureHash } from '#shared/domain/payment.ts';
import type { PaymentGateway } from '#shared/use-cases/ports.ts';

/** The fields a payment page is opened with (the gateway echoes paymentId and amount back). */
export const payPageFields = (payment: Payment): Record<string, string> => ({
  paymentId: payment.paymentId,
  amount: String(payment.amount),
  orderInfo: `Le phi ho so ${payment.dossierCode}`,
  expiresAt: payment.expiresAt,
});

export class HmacPaymentGateway implements PaymentGateway {
  private readonly pageUrl: () => string;
  private readonly secret: () => Promise<string>;

  constructor(pageUrl: () => string, secret: () => Promise<string>) {
    this.pageUrl = pageUrl;
    this.secret = secret;
  }

  async payUrl(payment: Payment): Promise<string> {
    const fields = payPageFields(payment);
    const url = new URL(this.pageUrl());
    for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
    url.searchParams.set('secureHash', secureHash(fields, await this.secret()));
    return url.toString();
  }

  async verify(fields: Readonly<Record<string, string>>, hash: string): Promise<boolean> {
    return hasValidSignature(fields, hash, await this.secret());
  }
}
