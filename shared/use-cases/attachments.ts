/**
 * Uploads: asking for one, verifying its bytes, reading it back, and using it in a dossier.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '#shared/domain/access.ts';
import {
  type Attachment,
  type AttachmentReference,
  assertAttachmentsUsable,
  type Declaration,
  judgeUpload,
  mayRead,
  type ReferencingDossier,
  type Verdict,
} from '#shared/domain/attachment.ts';
import { forbidden, notFound } from '#shared/domain/errors.ts';
import { toVietnamIso } from '#shared/domain/time.ts';
import type {
  AttachmentStore,
  DocumentStorage,
  DossierStore,
  DownloadLinks,
  UploadPolicies,
} from './ports.ts';

/** How long an upload form stays valid. */
export const UPLOAD_TTL_SECONDS = 15 * 60;
/** How long a download link stays valid (docs/api.md: at most 5 minutes). */
export const DOWNLOAD_TTL_SECONDS = 5 * 60;
/** A record never verified is forgotten after this; its bytes expire after a day (bucket lifecycle). */
const UNDECIDED_RECORD_TTL_MS = 2 * 24 * 3600_000;

export type UploadTicket = {
  attachment: Attachment;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
};

/**
 * POST /v1/attachments: a PENDING record and a presigned POST for its bytes. Portal, centers
 * (counter scans) and agencies (result files) upload; admin does not file documents.
 */
export async function requestUpload(
  deps: { attachments: AttachmentStore; uploads: UploadPolicies; now: () => Date },
  principal: Principal,
  declaration: Declaration,
): Promise<UploadTicket> {
  if (principal.profile === 'admin') throw forbidden('The admin profile does not upload documents');
  const now = deps.now();
  const attachment: Attachment = {
    attachmentId: randomUUID(),
    uploadedBy: principal.clientId,
    status: 'PENDING',
    ...declaration,
    createdAt: toVietnamIso(now),
  };
  const upload = await deps.uploads.presignUpload(attachment.attachmentId, declaration, UPLOAD_TTL_SECONDS);
  await deps.attachments.create(attachment, new Date(now.getTime() + UNDECIDED_RECORD_TTL_MS));
  return {
    attachment,
    upload,
    expiresAt: toVietnamIso(new Date(now.getTime() + UPLOAD_TTL_SECONDS * 1000)),
  };
}

export type VerifyDeps = {
  attachments: AttachmentStore;
  storage: DocumentStorage;
  now: () => Date;
  /** Wait for GuardDuty's `NO_THREATS_FOUND` tag before VERIFIED. */
  awaitMalwareScan: boolean;
};

export type VerifyOutcome = Verdict['status'] | 'ALREADY_DECIDED' | 'UNKNOWN' | 'GONE' | 'AWAITING_SCAN';

/** GuardDuty Malware Protection for S3 tags scanned objects with this key. */
export const SCAN_TAG = 'GuardDutyMalwareScanStatus';

/**
 * One upload event: measures the pending bytes and decides. VERIFIED copies them to verified/;
 * REJECTED deletes them; either way the pending bytes go. Idempotent: a decided attachment, a
 * key of no attachment and bytes already gone change nothing. With the malware scan awaited, a
 * clean file stays PENDING until the scan's tag arrives (its tagging event runs this again).
 */
export async function verifyUpload(deps: VerifyDeps, attachmentId: string): Promise<VerifyOutcome> {
  const attachment = await deps.attachments.get(attachmentId);
  if (!attachment) return 'UNKNOWN';
  // A repeated event after the verdict (bytes posted again to a used form expire with pending/).
  if (attachment.status !== 'PENDING') return 'ALREADY_DECIDED';
  const measured = await deps.storage.measurePending(attachmentId);
  if (!measured) return 'GONE';
  let verdict = judgeUpload(attachment, measured);
  if (verdict.status === 'VERIFIED' && deps.awaitMalwareScan) {
    const scan = await deps.storage.scanResult(attachmentId);
    if (scan === undefined) return 'AWAITING_SCAN';
    if (scan !== 'NO_THREATS_FOUND') verdict = { status: 'REJECTED', reason: `malware scan: ${scan}` };
  }
  // Bytes first, record second: a crash in between leaves a PENDING record the next event decides again.
  if (verdict.status === 'VERIFIED') await deps.storage.promote(attachmentId, measured.versionId);
  else await deps.storage.discardPending(attachmentId, measured.versionId);
  const decided = await deps.attachments.decide(attachmentId, verdict, toVietnamIso(deps.now()));
  return decided ? verdict.status : 'ALREADY_DECIDED';
}

type ReadDeps = { attachments: AttachmentStore; dossiers: Pick<DossierStore, 'get'> };

/** The attachment, if the caller may read it (its uploader, or a reader of a referencing dossier). */
export async function readAttachment(
  deps: ReadDeps,
  principal: Principal,
  attachmentId: string,
): Promise<Attachment> {
  const attachment = await deps.attachments.get(attachmentId);
  if (attachment && attachment.uploadedBy === principal.clientId) return attachment;
  if (attachment) {
    const dossiers = await Promise.all((attachment.dossiers ?? []).map((code) => deps.dossiers.get(code)));
    const found = dossiers.filter((d): d is NonNullable<typeof d> => d !== undefined);
    if (mayRead(principal, attachment, found as ReferencingDossier[])) return attachment;
  }
  throw notFound(`No attachment ${attachmentId}`);
}

/** GET /v1/attachments/{id}/download: a short-lived link to a VERIFIED upload the caller may read. */
export async function downloadAttachment(
  deps: ReadDeps & { links: DownloadLinks; now: () => Date },
  principal: Principal,
  attachmentId: string,
): Promise<{ url: string; expiresAt: string }> {
  const attachment = await readAttachment(deps, principal, attachmentId);
  // Only verified bytes are ever served; a pending or rejected upload has nothing to download.
  if (attachment.status !== 'VERIFIED') throw notFound(`Attachment ${attachmentId} is ${attachment.status}`);
  const url = await deps.links.presignDownload(attachmentId, attachment.fileName, DOWNLOAD_TTL_SECONDS);
  return { url, expiresAt: toVietnamIso(new Date(deps.now().getTime() + DOWNLOAD_TTL_SECONDS * 1000)) };
}

/**
 * Before a dossier change that names attachments commits: each must be a VERIFIED upload of the
 * caller (else 422). Returns how to note the dossier on them, so its readers may download them;
 * a note for a change that then fails grants nothing, as reading checks the dossier lists it.
 */
export async function checkAttachments(
  attachments: AttachmentStore,
  principal: Principal,
  documents: readonly AttachmentReference[],
): Promise<{ noteUse(dossierCode: string): Promise<void> }> {
  const ids = [...new Set(documents.flatMap((d) => (d.attachmentId ? [d.attachmentId] : [])))];
  if (ids.length > 0) assertAttachmentsUsable(documents, await attachments.getMany(ids), principal.clientId);
  return {
    noteUse: async (dossierCode) => {
      if (ids.length > 0) await attachments.addReference(ids, dossierCode);
    },
  };
}
