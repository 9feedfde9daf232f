import {
  ATTACHMENT_STATUSES,
  ATTACHMENT_TYPES,
  type Attachment,
  type Declaration,
  MAX_ATTACHMENT_BYTES,
} from '#shared/domain/attachment.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

/** Attachment ids are UUIDs; anything else cannot exist (404 without a read). */
export const AttachmentIdSchema = withMeta(z.uuid(), { example: '0b9f6c2e-3f1a-4c55-9d1e-6f7a8b9c0d1e' });

export const CreateAttachmentRequestSchema = withMeta(
  z.strictObject({
    fileName: withMeta(text({ max: 255 }), {
      description: 'Shown to readers; never part of the storage key',
    }),
    contentType: z.enum(ATTACHMENT_TYPES),
    size: withMeta(z.number().check(z.int(), z.gte(1), z.lte(MAX_ATTACHMENT_BYTES)), {
      description: 'Bytes, 1 to 20 MiB',
    }),
    sha256: z.pipe(
      z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal digits')),
      z.transform((hex: string) => hex.toLowerCase()),
    ),
  }),
  { id: 'CreateAttachmentRequest' },
);
CreateAttachmentRequestSchema satisfies z.ZodMiniType<Declaration>;

export const AttachmentSchema = withMeta(
  z.object({
    attachmentId: z.string(),
    status: z.enum(ATTACHMENT_STATUSES),
    reason: z.optional(z.string()),
    fileName: z.string(),
    size: z.number().check(z.int()),
    contentType: z.string(),
    sha256: z.string(),
  }),
  { id: 'Attachment' },
);

export const UploadTicketSchema = withMeta(
  z.extend(AttachmentSchema, {
    upload: z.object({
      url: z.string(),
      fields: z.record(z.string(), z.string()),
    }),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  {
    id: 'UploadTicket',
    description:
      'POST multipart/form-data to `upload.url`: every field of `upload.fields`, then the `file` part last',
  },
);

export const DownloadLinkSchema = withMeta(
  z.object({ url: z.string(), expiresAt: z.iso.datetime({ offset: true }) }),
  { id: 'DownloadLink' },
);

export const presentAttachment = (attachment: Attachment) => AttachmentSchema.parse(attachment);
