import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { paymentStore } from '#shared/config/services/payment-store.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { presentPayment } from '#shared/contract/payment.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { listDossierPayments } from '#shared/use-cases/payments.ts';

/** GET /v1/dossiers/{dossierCode}/payments — a dossier's payments. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const payments = await listDossierPayments(
    { dossiers: dossierStore(), payments: paymentStore() },
    principal,
    code,
  );
  const now = new Date();
  return { status: 200, body: { items: payments.map((p) => presentPayment(p, now)) } };
});
