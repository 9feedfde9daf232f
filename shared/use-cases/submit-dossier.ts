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
  FiledDossier,
  PriorSubmission,
  SubmissionKey,
  SubmissionStore,
} from './ports.ts';

export type SubmitDossierDeps = {
  catalog: Catalog;
  submissions: SubmissionStore;
  /** Where the uploads the documents name are checked and their use noted. */
  attachments: AttachmentStore;
  now: () => Date;
};

export type SubmissionOutcome = FiledDossier & { replayed: boolean };

/** The request's identity for the key: the same key with another body is refused. */
export function fingerprintOf(request: SubmissionRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** 422: the key already filed a different request. */
export const keyReused = () =>
  new DomainError('business-rule', 'This Idempotency-Key was used with a different request body', {
    slug: 'idempotency-key-reused',
    errors: [{ path: 'Idempotency-Key', message: 'used with a different body' }],
  });

/**
 * Files a dossier at a center, exactly once per client and Idempotency-Key:
 * 1. the caller's profile may file through this channel at this center;
 * 2. a key that has filed answers with what it filed (the same body again), or a 422 for
 *    another body; nothing else is read or written for it;
 * 3. the procedure and center exist; the procedure may be filed this way with these documents;
 *    the competent unit is resolved, which gives the category and the agency system;
 * 4. the next number of the receiving unit's day sequence gives the dossier code; every
 *    attachment named is a VERIFIED upload of the caller, and is noted as used by that code;
 * 5. the key's record, the dossier and its first timeline event are committed in one
 *    transaction, only if the key has filed nothing yet.
 * Nothing is written for the key before the commit, so a request that fails or crashes before it
 * leaves nothing to wait for (at most a gap in the day's sequence), and of two requests racing
 * with one key, the one whose commit is refused replays the other's.
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
  // A read, not a write: a retry of a filed request takes no second number of the sequence.
  const prior = await deps.submissions.prior(key, deps.now());
  if (prior) return answerFor(prior, fingerprint);
  const filed = await file(deps, principal, request);
  const commit = await deps.submissions.commit(key, fingerprint, filed, deps.now());
  if (commit.state === 'committed') return { ...filed, replayed: false };
  return answerFor(commit.prior, fingerprint);
}

function answerFor(prior: PriorSubmission, fingerprint: string): SubmissionOutcome {
  if (prior.fingerprint !== fingerprint) throw keyReused();
  return { ...prior.filed, replayed: true };
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
