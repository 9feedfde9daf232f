import { httpHandler } from '#shared/runtime/http.ts';

/**
 * GET /v1/openapi.json — the contract (no token): the document `npm run openapi` generated from
 * the zod schemas, committed and bundled as it is, so no zod-openapi at run time. Imported on the
 * first request: a cold start then compiles the ≈ 200 KB document only when it is asked for.
 */
export const handler = httpHandler(async () => {
  const { default: document } = await import('#shared/contract/openapi.json', { with: { type: 'json' } });
  return { status: 200, body: document };
});
