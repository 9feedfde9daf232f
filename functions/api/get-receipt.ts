import { pdfReceiptRenderer } from '#shared/adapters/receipt-pdf-on-demand.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { publicBaseUrl } from '#shared/runtime/public-url.ts';
import { dossierReceipt } from '#shared/use-cases/citizen-services.ts';

/** GET /v1/dossiers/{dossierCode}/receipt — the receipt PDF, if the caller may see the dossier. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const pdf = await dossierReceipt(principal, code, publicBaseUrl(request), {
    dossiers: dossierStore(),
    catalog: catalog(),
    renderer: pdfReceiptRenderer,
  });
  return {
    status: 200,
    body: pdf,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="giay-tiep-nhan-${code}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});
