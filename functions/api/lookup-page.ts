import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { LookupPageQuerySchema } from '#shared/contract/citizen.ts';
import { LOOKUP_PAGE_HEADERS, type LookupPage, renderLookupPage } from '#shared/contract/lookup-page.ts';
import { DomainError, validationError } from '#shared/domain/errors.ts';
import { httpHandler, parseQuery } from '#shared/runtime/http.ts';
import { lookUpDossier } from '#shared/use-cases/citizen-services.ts';

const page = (status: number, content: LookupPage) => ({
  status,
  body: renderLookupPage(content),
  headers: { ...LOOKUP_PAGE_HEADERS },
});

/**
 * GET /tra-cuu?ma=&so= — public (no token): the lookup form, or a dossier's public view. A
 * refusal is a page for a browser (Accept: text/html) and problem+json for any other client.
 */
export const handler = httpHandler(async (request) => {
  const values = { ma: request.query.ma, so: request.query.so };
  const browser = /\btext\/html\b/i.test(request.headers.accept ?? '');
  let query: { ma?: string | undefined; so?: string | undefined };
  try {
    query = parseQuery(request, LookupPageQuerySchema);
  } catch (error) {
    if (!(error instanceof DomainError) || !browser) throw error;
    const fields = error.errors.map((e) => (e.path.startsWith('so') ? '4 số cuối giấy tờ' : 'mã hồ sơ'));
    const message = `Vui lòng kiểm tra lại ${[...new Set(fields)].join(' và ') || 'thông tin tra cứu'}.`;
    return page(400, { kind: 'invalid', values, message });
  }
  if (query.ma === undefined && query.so === undefined) return page(200, { kind: 'form' });
  if (query.ma === undefined || query.so === undefined) {
    const field = query.ma === undefined ? 'ma' : 'so';
    if (!browser)
      throw validationError(`The query parameter ${field} is missing`, [
        { path: field, message: 'required with the other' },
      ]);
    const missing = field === 'ma' ? 'mã hồ sơ' : '4 số cuối giấy tờ';
    return page(400, { kind: 'invalid', values, message: `Vui lòng nhập ${missing}.` });
  }
  try {
    const view = await lookUpDossier(query.ma, query.so, dossierStore());
    return page(200, { kind: 'found', view });
  } catch (error) {
    if (browser && error instanceof DomainError && error.kind === 'not-found') {
      return page(404, { kind: 'not-found', values: { ma: query.ma, so: query.so }, message: error.message });
    }
    throw error;
  }
});
