import document from '#shared/contract/openapi.json' with { type: 'json' };
import { httpHandler } from '#shared/runtime/http.ts';

/**
 * GET /v1/openapi.json — the contract (no token): the document `npm run openapi` generated from
 * the zod schemas, committed and bundled as it is, so no zod-openapi at run time.
 */
export const handler = httpHandler(async () => ({ status: 200, body: document }));
