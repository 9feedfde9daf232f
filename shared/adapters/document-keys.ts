/**
 * Where an attachment's bytes live in the documents bucket, and the name a download is saved
 * under: shared by the S3 adapter and the client-free download links, without the S3 client.
 */
import { DOCUMENT_PREFIXES } from '#shared/config/runtime-names.ts';

export const pendingKey = (attachmentId: string) => `${DOCUMENT_PREFIXES.pending}${attachmentId}`;
export const verifiedKey = (attachmentId: string) => `${DOCUMENT_PREFIXES.verified}${attachmentId}`;

/** A download's file name, kept to characters every browser takes in a header. */
export const safeFileName = (name: string) =>
  name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'document';

/** The Content-Disposition a download is served with (S3's `response-content-disposition`). */
export const downloadDisposition = (fileName: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(safeFileName(fileName))}`;
