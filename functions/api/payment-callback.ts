import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PAYMENT_CALLBACK_REJECTED_METRIC } from '#shared/config/runtime-names.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { paymentGateway } from '#shared/config/services/payment-gateway.ts';
import { paymentStore } from '#shared/config/services/payment-store.ts';
import { CallbackResultSchema, PaymentCallbackSchema } from '#shared/contract/payment.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { PAYMENT_CALLBACK_REJECTED, paymentStatusAt } from '#shared/domain/payment.ts';
import { httpHandler, parseBody } from '#shared/runtime/http.ts';
import { logger, metrics } from '#shared/runtime/powertools.ts';
import { handlePaymentCallback } from '#shared/use-cases/payments.ts';

/** POST /v1/payments/callback — the payment gateway's signed callback (no token). */
export const handler = httpHandler(async (request) => {
  const callback = parseBody(request, PaymentCallbackSchema);
  const now = new Date();
  try {
    const { payment, outcome } = await handlePaymentCallback(
      { dossiers: dossierStore(), payments: paymentStore(), gateway: paymentGateway(), now: () => now },
      callback,
    );
    logger.info('payment callback', { paymentId: payment.paymentId, outcome });
    return {
      status: 200,
      body: CallbackResultSchema.parse({
        paymentId: payment.paymentId,
        status: paymentStatusAt(payment, now),
        outcome,
      }),
    };
  } catch (error) {
    if (error instanceof DomainError && error.slug === PAYMENT_CALLBACK_REJECTED) {
      // Operators alarm on these: a forged or tampered callback, or a gateway misconfigured.
      const reason = String(error.extensions.reason);
      metrics.addDimension('reason', reason);
      metrics.addMetric(PAYMENT_CALLBACK_REJECTED_METRIC, MetricUnit.Count, 1);
      logger.warn('payment callback rejected', { paymentId: callback.paymentId, reason });
    }
    throw error;
  }
});
