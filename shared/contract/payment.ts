/**
 * Payments as the contract shows them (docs/api.md, Payments): a dossier's payments, the opened
 * payment with its gateway page, and the gateway's signed callback.
 */
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import type { FunctionId } from '#infra/topology.ts';
import { type Payment, paymentStatusAt } from '#shared/domain/payment.ts';
import { DossierCodeSchema } from './dossier.ts';

export const PaymentSchema = z
  .object({
    paymentId: z.string(),
    dossierCode: z.string(),
    amount: z.number().int().meta({ description: 'VND: the fees the agency requested' }),
    status: z.enum(['PENDING', 'PAID', 'FAILED', 'EXPIRED']).meta({
      description: 'EXPIRED: not paid within its window (15 minutes); it can no longer be paid',
    }),
    createdAt: z.string(),
    expiresAt: z.string(),
    transactionRef: z.string().optional().meta({ description: 'The gateway’s transaction reference' }),
    paidAt: z.string().optional(),
  })
  .meta({ id: 'Payment' });

export const OpenedPaymentSchema = PaymentSchema.extend({
  payUrl: z.string().meta({ description: 'The gateway page where the applicant pays (signed)' }),
}).meta({ id: 'OpenedPayment' });

export const PaymentListSchema = z.object({ items: z.array(PaymentSchema) }).meta({ id: 'PaymentList' });

/** A payment id: `<dossierCode>.<12 of a-z0-9>`. */
export const PaymentIdSchema = z
  .string()
  .max(80)
  .regex(/^[0-9A-Za-z.-]+\.[a-z0-9]{12}$/, 'a payment id');

export const PaymentCallbackSchema = z
  .strictObject({
    paymentId: PaymentIdSchema,
    amount: z.number().int().min(0).max(1e12),
    status: z.enum(['PAID', 'FAILED']),
    transactionRef: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _'),
    paidAt: z.iso.datetime({ offset: true }),
    secureHash: z.string().regex(/^[0-9a-f]{128}$/, '128 lowercase hexadecimal digits (HMAC-SHA512)'),
  })
  .meta({ id: 'PaymentCallback' });

export const CallbackResultSchema = z
  .object({
    paymentId: z.string(),
    status: z.enum(['PENDING', 'PAID', 'FAILED', 'EXPIRED']),
    outcome: z.enum(['confirmed', 'recorded', 'failed', 'duplicate']).meta({
      description:
        'confirmed: the dossier’s CONFIRM_PAYMENT was performed; recorded: the payment is kept but the ' +
        'dossier had moved on; failed: the payment failed; duplicate: already decided, nothing changed',
    }),
  })
  .meta({ id: 'PaymentCallbackResult' });

export const presentPayment = (payment: Payment, now: Date) =>
  PaymentSchema.parse({ ...payment, status: paymentStatusAt(payment, now) });

const DossierCodeParam = z.object({ dossierCode: DossierCodeSchema });
const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The OpenAPI operations of the payment routes (shared/contract/openapi.ts). */
export const PAYMENT_OPERATIONS: Partial<Record<FunctionId, ZodOpenApiOperationObject>> = {
  createPayment: {
    summary: 'Open an online payment of the fees a dossier owes (portal, center)',
    description:
      'Only while the dossier is PAYMENT_REQUESTED (else 409). A payment still open for the same fee ' +
      'request is answered again (200) instead of a second one opened.',
    requestParams: { path: DossierCodeParam },
    responses: {
      '201': json('PENDING; pay at payUrl before expiresAt', OpenedPaymentSchema),
      '200': json('The payment already open for this fee request', OpenedPaymentSchema),
    },
  },
  listPayments: {
    summary: 'A dossier’s payments, oldest first',
    requestParams: { path: DossierCodeParam },
    responses: { '200': json('The payments', PaymentListSchema) },
  },
  paymentCallback: {
    summary: 'The payment gateway’s callback (no token; signed)',
    description:
      '`secureHash` is the lowercase hex HMAC-SHA512, keyed with the gateway secret, of the other fields ' +
      'sorted by name as `name=value` (values URL-encoded) joined by `&`. A valid PAID callback with the ' +
      'right amount performs CONFIRM_PAYMENT once (the dossier becomes `paidOnline`); repeats change ' +
      'nothing. A bad signature, a wrong amount, an unknown or expired payment: 400, nothing changed.',
    requestBody: { required: true, content: { 'application/json': { schema: PaymentCallbackSchema } } },
    responses: { '200': json('What the callback did', CallbackResultSchema) },
  },
};
