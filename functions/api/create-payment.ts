import { randomBytes } from 'node:crypto';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { paymentGateway } from '#shared/config/services/payment-gateway.ts';
import { paymentStore } from '#shared/config/services/payment-store.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { OpenedPaymentSchema, presentPayment } from '#shared/contract/payment.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { openDossierPayment } from '#shared/use-cases/payments.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** 12 random characters of a-z0-9 (≈ 62 bits). */
const newSuffix = () => Array.from(randomBytes(12), (byte) => ALPHABET[byte % ALPHABET.length]).join('');

/** POST /v1/dossiers/{dossierCode}/payments — open an online payment of the requested fees. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const now = new Date();
  const { payment, payUrl, reused } = await openDossierPayment(
    {
      dossiers: dossierStore(),
      payments: paymentStore(),
      gateway: paymentGateway(),
      now: () => now,
      newSuffix,
    },
    principal,
    code,
  );
  return {
    status: reused ? 200 : 201,
    body: OpenedPaymentSchema.parse({ ...presentPayment(payment, now), payUrl }),
  };
});
