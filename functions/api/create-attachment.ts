import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { uploadPolicies } from '#shared/config/services/upload-policies.ts';
import { CreateAttachmentRequestSchema, presentAttachment } from '#shared/contract/attachment.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { requestUpload } from '#shared/use-cases/attachments.ts';

/** POST /v1/attachments — a PENDING attachment and the presigned POST that uploads its bytes. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const declaration = parseBody(request, CreateAttachmentRequestSchema);
  const ticket = await requestUpload(
    { attachments: attachmentStore(), uploads: uploadPolicies(), now: () => new Date() },
    principal,
    declaration,
  );
  return {
    status: 201,
    body: { ...presentAttachment(ticket.attachment), upload: ticket.upload, expiresAt: ticket.expiresAt },
    headers: { location: `/v1/attachments/${ticket.attachment.attachmentId}` },
  };
});
