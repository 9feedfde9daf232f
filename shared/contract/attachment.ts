import * as z from 'zod';
import {
  ATTACHMENT_STATUSES,
  ATTACHMENT_TYPES,
  type Attachment,
  type Declaration,
  MAX_ATTACHMENT_BYTES,
} from '#shared/domain/attachment.ts';
import { text } from './text.ts';

/** Attachment ids are UUIDs; anything else cannot exist (404 without a read). */
export const AttachmentIdSchema = z.uuid().meta({ example: '0b9f6c2e-3f1a-4c55-9d1e-6f7a8b9c0d1e' });

export const CreateAttachmentRequestSchema = z
  .strictObject({
    fileName: text({ max: 255 }).meta({ description: 'Shown to readers; never part of the storage key' }),
    contentType: z.enum(ATTACHMENT_TYPES),
    size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES).meta({ description: 'Bytes, 1 to 20 MiB' }),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal digits')
      .transform((hex) => hex.toLowerCase()),
  })
  .meta({ id: 'CreateAttachmentRequest' });
CreateAttachmentRequestSchema satisfies z.ZodType<Declaration>;

export const AttachmentSchema = z
  .object({
    attachmentId: z.string(),
    status: z.enum(ATTACHMENT_STATUSES),
    reason: z.string().optional(),
    fileName: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
  })
  .meta({ id: 'Attachment' });

export const UploadTicketSchema = AttachmentSchema.extend({
  upload: z.object({
    url: z.string(),
    fields: z.record(z.string(), z.string()),
  }),
  expiresAt: z.iso.datetime({ offset: true }),
}).meta({
  id: 'UploadTicket',
  description:
    'POST multipart/form-data to `upload.url`: every field of `upload.fields`, then the `file` part last',
});

export const DownloadLinkSchema = z
  .object({ url: z.string(), expiresAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'DownloadLink' });

export const presentAttachment = (attachment: Attachment) => AttachmentSchema.parse(attachment);
