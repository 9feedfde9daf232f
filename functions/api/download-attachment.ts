import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { downloadLinks } from '#shared/config/services/download-links.ts';
import { AttachmentIdSchema, DownloadLinkSchema } from '#shared/contract/attachment.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { downloadAttachment } from '#shared/use-cases/attachments.ts';

/** GET /v1/attachments/{attachmentId}/download — a presigned GET (≤ 5 minutes) of a verified file. */
export const handler = httpHandler(async (request) => {
  const attachmentId = parsePathParameter(request, 'attachmentId', AttachmentIdSchema, {
    notFound: 'No attachment has this id',
  });
  const principal = await principalOf(request, catalog());
  const link = await downloadAttachment(
    {
      attachments: attachmentStore(),
      dossiers: dossierStore(),
      links: downloadLinks(),
      now: () => new Date(),
    },
    principal,
    attachmentId,
  );
  return { status: 200, body: DownloadLinkSchema.parse(link), headers: { 'cache-control': 'no-store' } };
});
