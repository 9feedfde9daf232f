import { createHash } from 'node:crypto';
import { assertMaySubmit, type Principal } from '#shared/domain/access.ts';
import { canonicalJson } from '#shared/domain/canonical-json.ts';
import {
  checkSubmission,
  checkVneidClaim,
  openDossier,
  resolveCompetentUnit,
  type SubmissionRequest,
} from '#shared/domain/dossier.ts';
import { formatDossierCode, sequenceName } from '#shared/domain/dossier-code.ts';
import { businessRule, DomainError } from '#shared/domain/errors.ts';
import { checkAttachments } from './attachments.ts';
import type {
  AttachmentStore,
  Catalog,
  Claim,
  FiledDossier,
  SubmissionKey,
  SubmissionStore,
} from './ports.ts';

export type SubmitDossierDeps = {
  catalog: Catalog;
  submissions: SubmissionStore;
  /** Where the uploads the documents name are checked and their use noted. */
  attachments: AttachmentStore;
  now: () => Date;
  /** How long a submission holds its key: at least as long as the request may still run. */
  holdMs: number;
};

export type SubmissionOutcome = FiledDossier & { replayed: boolean };

/** The request's identity for the key: the same key with another body is refused. */
export function fingerprintOf(request: SubmissionRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** 409: another request with this key may still commit; the client retries after the hold. */
export const submissionInProgress = (retryAfterSeconds: number) =>
  new DomainError('conflict', 'A request with this Idempotency-Key is still being processed; retry', {
    slug: 'idempotency-in-progress',
    extensions: { retryAfterSeconds },
  });

/** 422: the key already filed a different request. */
export const keyReused = () =>
  new DomainError('business-rule', 'This Idempotency-Key was used with a different request body', {
    slug: 'idempotency-key-reused',
    errors: [{ path: 'Idempotency-Key', message: 'used with a different body' }],
  });

/**
 * Files a dossier at a center, exactly once per client and Idempotency-Key:
 * 1. the caller's profile may file through this channel at this center;
 * 2. the key is claimed: a completed key answers with what it filed (the same body again, or a
 *    422 for another body); a key held by a request that may still commit answers 409;
 * 3. the procedure and center exist; the procedure may be filed this way with these documents;
 *    the competent unit is resolved, which gives the category and the agency system;
 * 4. the next number of the receiving unit's day sequence gives the dossier code; every
 *    attachment named is a VERIFIED upload of the caller, and is noted as used by that code;
 * 5. the key's completion, the dossier and its first timeline event are committed in one
 *    transaction. A failure before the commit releases the key, so the client may retry.
 */
export async function submitDossier(
  deps: SubmitDossierDeps,
  principal: Principal,
  key: SubmissionKey,
  request: SubmissionRequest,
): Promise<SubmissionOutcome> {
  assertMaySubmit(principal, request.channel, request.centerId);
  checkVneidClaim(principal, request);
  const fingerprint = fingerprintOf(request);
  const claim = await deps.submissions.claim(key, fingerprint, deps.now(), deps.holdMs);
  if (claim.state !== 'claimed') return answerFor(claim, fingerprint, deps.now());
  try {
    const filed = await file(deps, principal, request);
    if (await deps.submissions.commit(key, claim.token, filed)) return { ...filed, replayed: false };
  } catch (error) {
    await deps.submissions.release(key, claim.token).catch(() => undefined);
    throw error;
  }
  // The hold ended before the commit and another request took the key over: nothing was
  // written; the retry finds what that request did.
  throw submissionInProgress(1);
}

function answerFor(claim: Exclude<Claim, { state: 'claimed' }>, fingerprint: string, now: Date) {
  if (claim.fingerprint !== fingerprint) throw keyReused();
  if (claim.state === 'completed') return { ...claim.filed, replayed: true };
  throw submissionInProgress(Math.max(1, Math.ceil((claim.heldUntil.getTime() - now.getTime()) / 1000)));
}

async function file(
  deps: SubmitDossierDeps,
  principal: Principal,
  request: SubmissionRequest,
): Promise<FiledDossier> {
  const [procedure, centers, units, calendar] = await Promise.all([
    deps.catalog.procedure(request.procedureCode),
    deps.catalog.centers(),
    deps.catalog.units(),
    deps.catalog.calendar(),
  ]);
  if (!procedure) {
    throw businessRule(`Unknown procedure ${request.procedureCode}`, [
      { path: 'procedureCode', message: 'no such procedure in the catalog' },
    ]);
  }
  const center = centers.find((c) => c.centerId === request.centerId);
  if (!center) {
    throw businessRule(`Unknown center ${request.centerId}`, [
      { path: 'centerId', message: 'no such center' },
    ]);
  }
  checkSubmission(procedure, request);
  const competentUnit = resolveCompetentUnit(procedure, center, units, request.competentUnitId);
  const attachments = await checkAttachments(deps.attachments, principal, request.documents);

  const now = deps.now();
  const sequence = await deps.submissions.nextSequence(sequenceName(center.unitCode, now));
  const dossierCode = formatDossierCode(center.unitCode, now, sequence);
  await attachments.noteUse(dossierCode);
  return openDossier({
    request,
    procedure,
    center,
    competentUnit,
    dossierCode,
    submittedBy: principal,
    now,
    calendar,
  });
}
