/**
 * Payments as the contract shows them (docs/api.md, Payments): a dossier's payments, the opened
 * payment with its gateway page, and the gateway's signed callback.
 */
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import type { FunctionId } from '#infra/topology.ts';
import { type Payment, paymentStatusAt } from '#shared/domain/payment.ts';
import { DossierCodeSchema } from './identifiers.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const PaymentSchema = withMeta(
  z.object({
    paymentId: z.string(),
    dossierCode: z.string(),
    amount: withMeta(z.number().check(z.int()), { description: 'VND: the fees the agency requested' }),
    status: withMeta(z.enum(['PENDING', 'PAID', 'FAILED', 'EXPIRED']), {
      description: 'EXPIRED: not paid within its window (15 minutes); it can no longer be paid',
    }),
    createdAt: z.string(),
    expiresAt: z.string(),
    transactionRef: withMeta(z.optional(z.string()), { description: 'The gateway’s transaction reference' }),
    paidAt: z.optional(z.string()),
  }),
  { id: 'Payment' },
);

export const OpenedPaymentSchema = withMeta(
  z.extend(PaymentSchema, {
    payUrl: withMeta(z.string(), { description: 'The gateway page where the applicant pays (signed)' }),
  }),
  { id: 'OpenedPayment' },
);

export const PaymentListSchema = withMeta(z.object({ items: z.array(PaymentSchema) }), { id: 'PaymentList' });

/** A payment id: `<dossierCode>.<12 of a-z0-9>`. */
export const PaymentIdSchema = z
  .string()
  .check(z.maxLength(80), z.regex(/^[0-9A-Za-z.-]+\.[a-z0-9]{12}$/, 'a payment id'));

export const PaymentCallbackSchema = withMeta(
  z.strictObject({
    paymentId: PaymentIdSchema,
    amount: z.number().check(z.int(), z.gte(0), z.lte(1e12)),
    status: z.enum(['PAID', 'FAILED']),
    transactionRef: z
      .string()
      .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _')),
    paidAt: z.iso.datetime({ offset: true }),
    secureHash: z
      .string()
      .check(z.regex(/^[0-9a-f]{128}$/, '128 lowercase hexadecimal digits (HMAC-SHA512)')),
  }),
  { id: 'PaymentCallback' },
);

export const CallbackResultSchema = withMeta(
  z.object({
    paymentId: z.string(),
    status: z.enum(['PENDING', 'PAID', 'FAILED', 'EXPIRED']),
    outcome: withMeta(z.enum(['confirmed', 'recorded', 'failed', 'duplicate']), {
      description:
        'confirmed: the dossier’s CONFIRM_PAYMENT was performed; recorded: the payment is kept but the ' +
        'dossier had moved on; failed: the payment failed; duplicate: already decided, nothing changed',
    }),
  }),
  { id: 'PaymentCallbackResult' },
);

export const presentPayment = (payment: Payment, now: Date) =>
  PaymentSchema.parse({ ...payment, status: paymentStatusAt(payment, now) });

const DossierCodeParam = z.object({ dossierCode: DossierCodeSchema });
const json = (description: string, schema: z.ZodMiniType) => ({
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
