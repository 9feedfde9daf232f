import { openApiDocument } from '#shared/contract/openapi.ts';
import { httpHandler } from '#shared/runtime/http.ts';

let document: ReturnType<typeof openApiDocument> | undefined;

/** GET /v1/openapi.json — the contract, generated from the zod schemas (no token). */
export const handler = httpHandler(async () => {
  document ??= openApiDocument();
  return { status: 200, body: document };
});
