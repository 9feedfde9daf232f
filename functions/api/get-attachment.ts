import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { AttachmentIdSchema, presentAttachment } from '#shared/contract/attachment.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { readAttachment } from '#shared/use-cases/attachments.ts';

/** GET /v1/attachments/{attachmentId} — its status (and why it was rejected), for whoever may read it. */
export const handler = httpHandler(async (request) => {
  const attachmentId = parsePathParameter(request, 'attachmentId', AttachmentIdSchema, {
    notFound: 'No attachment has this id',
  });
  const principal = await principalOf(request, catalog());
  const attachment = await readAttachment(
    { attachments: attachmentStore(), dossiers: dossierStore() },
    principal,
    attachmentId,
  );
  return { status: 200, body: presentAttachment(attachment) };
});
