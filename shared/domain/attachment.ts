/**
 * Uploaded documents ("tệp đính kèm"): what a client declares before uploading, how the bytes
 * are judged against the declaration, and who may use or read an upload. Pure: the verifier
 * reads the bytes, these rules decide.
 */
import { type DossierAudience, maySee, type Principal } from './access.ts';
import { businessRule, type FieldError } from './errors.ts';

/** The file types accepted (docs/api.md, Attachments), recognised by their first bytes. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
/** 20 MiB: the largest upload. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const ATTACHMENT_STATUSES = ['PENDING', 'VERIFIED', 'REJECTED'] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];

/** What the uploader declares; the bytes must match it exactly. */
export type Declaration = {
  fileName: string;
  contentType: AttachmentType;
  size: number;
  /** Lower-case hex. */
  sha256: string;
};

export type Attachment = Declaration & {
  attachmentId: string;
  /** The client that asked for the upload: the only one that may reference it. */
  uploadedBy: string;
  status: AttachmentStatus;
  /** Why it was rejected. */
  reason?: string;
  createdAt: string;
  /** When it was verified or rejected. */
  decidedAt?: string;
  /** Dossiers that reference it (as a submitted, supplied or result document). */
  dossiers?: string[];
};

/** What the verifier measured of the uploaded bytes. */
export type Measured = {
  size: number;
  /** Lower-case hex. */
  sha256: string;
  /** The first bytes (at least 16 when the file has them). */
  head: Uint8Array;
  /** The last bytes (up to 1 KiB). */
  tail: Uint8Array;
};

export type Verdict = { status: 'VERIFIED' } | { status: 'REJECTED'; reason: string };

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type the file's first bytes show, or undefined for anything else. */
export function sniffType(head: Uint8Array): AttachmentType | undefined {
  if (startsWith(head, PDF)) return 'application/pdf';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  return undefined;
}

const indexOf = (bytes: Uint8Array, needle: readonly number[]): number => {
  outer: for (let i = bytes.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

const PDF_EOF = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF
const JPEG_EOI = [0xff, 0xd9];
const PNG_IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]; // IEND chunk type + CRC

/**
 * Whether the file ends as its type ends: a PDF has `%%EOF` in its last KiB (readers allow
 * trailing bytes), a JPEG ends with its EOI marker, a PNG with its IEND chunk. A cut-off
 * upload fails here even when its declaration was made from the cut-off bytes.
 */
export function endsComplete(type: AttachmentType, tail: Uint8Array): boolean {
  switch (type) {
    case 'application/pdf':
      return indexOf(tail, PDF_EOF) >= 0;
    case 'image/jpeg':
      return indexOf(tail.subarray(Math.max(0, tail.length - 2)), JPEG_EOI) === 0;
    case 'image/png':
      return indexOf(tail.subarray(Math.max(0, tail.length - 8)), PNG_IEND) === 0;
  }
}

/**
 * Judges an upload against its declaration: size first (nothing else is worth reading in an
 * oversize file), then the type by content, then completeness, then the sha256.
 */
export function judgeUpload(
  declared: Pick<Declaration, 'contentType' | 'size' | 'sha256'>,
  measured: Measured,
): Verdict {
  if (measured.size > MAX_ATTACHMENT_BYTES) {
    return { status: 'REJECTED', reason: `larger than ${MAX_ATTACHMENT_BYTES} bytes (${measured.size})` };
  }
  if (measured.size !== declared.size) {
    return { status: 'REJECTED', reason: `size ${measured.size} bytes, declared ${declared.size}` };
  }
  const sniffed = sniffType(measured.head);
  if (sniffed !== declared.contentType) {
    return {
      status: 'REJECTED',
      reason: `content is ${sniffed ?? 'not a PDF, JPEG or PNG file'}, declared ${declared.contentType}`,
    };
  }
  if (!endsComplete(sniffed, measured.tail)) {
    return { status: 'REJECTED', reason: `the ${sniffed} file is truncated (its end marker is missing)` };
  }
  if (measured.sha256 !== declared.sha256.toLowerCase()) {
    return { status: 'REJECTED', reason: 'sha256 differs from the declared one' };
  }
  return { status: 'VERIFIED' };
}

/** A document (submitted, supplied or result) that names an upload. */
export type AttachmentReference = { documentCode: string; attachmentId?: string | undefined };

/**
 * Every attachment a request names must be a VERIFIED upload of the calling client (reuse across
 * its own dossiers is fine). Returns the field errors, under `documents.<i>.attachmentId`.
 */
export function attachmentErrors(
  documents: readonly AttachmentReference[],
  found: ReadonlyMap<string, Attachment>,
  clientId: string,
): FieldError[] {
  const errors: FieldError[] = [];
  documents.forEach((doc, i) => {
    if (!doc.attachmentId) return;
    const path = `documents.${i}.attachmentId`;
    const attachment = found.get(doc.attachmentId);
    // Another client's upload is reported like a missing one: its existence is not the caller's business.
    if (!attachment || attachment.uploadedBy !== clientId) {
      errors.push({ path, message: `no attachment ${doc.attachmentId} uploaded by this client` });
    } else if (attachment.status !== 'VERIFIED') {
      errors.push({
        path,
        message: `attachment ${doc.attachmentId} is ${attachment.status}${attachment.reason ? ` (${attachment.reason})` : ''}, not VERIFIED`,
      });
    }
  });
  return errors;
}

/** 422 unless every named attachment is a VERIFIED upload of the client. */
export function assertAttachmentsUsable(
  documents: readonly AttachmentReference[],
  found: ReadonlyMap<string, Attachment>,
  clientId: string,
): void {
  const errors = attachmentErrors(documents, found, clientId);
  if (errors.length > 0) throw businessRule('Attachments must be VERIFIED uploads of this client', errors);
}

/** A dossier as far as reading its attachments goes: who may see it, and what it references. */
export type ReferencingDossier = DossierAudience & {
  documents: readonly AttachmentReference[];
  results?: readonly AttachmentReference[];
};

const references = (dossier: ReferencingDossier, attachmentId: string): boolean =>
  [...dossier.documents, ...(dossier.results ?? [])].some((d) => d.attachmentId === attachmentId);

/**
 * Who may read an upload: its uploader, and every client that may read a dossier that really
 * references it (a recorded reference alone grants nothing). Everyone else is told it does not exist.
 */
export function mayRead(
  principal: Principal,
  attachment: Attachment,
  dossiers: readonly ReferencingDossier[],
): boolean {
  if (attachment.uploadedBy === principal.clientId) return true;
  return dossiers.some(
    (dossier) => references(dossier, attachment.attachmentId) && maySee(principal, dossier),
  );
}
