/**
 * Domain records as the contract shows them. Internal bookkeeping stays inside, and the output
 * goes through the contract's schema, so every response has the documented fields in the
 * documented order.
 */
import { type Dossier, digitize, type TimelineEvent } from '#shared/domain/dossier.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';
import { DossierSchema, DossierSummarySchema } from './dossier.ts';

/** The applicant as read: the VNeID flag is kept on the dossier and shown where it was given. */
const applicantOf = (dossier: Dossier) => ({
  ...dossier.applicant,
  vneidVerified: dossier.vneidVerified === true,
});

export function presentDossier(dossier: Dossier, history: readonly TimelineEvent[]) {
  return DossierSchema.parse({
    ...dossier,
    applicant: applicantOf(dossier),
    // Dossiers stored before `digitized` was recorded get it from their attachments.
    documents: dossier.documents.map(digitize),
    statusCode: STATUS_CODES[dossier.status],
    history,
  });
}

export function presentDossierSummary(dossier: Dossier) {
  return DossierSummarySchema.parse({
    ...dossier,
    applicant: applicantOf(dossier),
    documents: dossier.documents.map(digitize),
    statusCode: STATUS_CODES[dossier.status],
  });
}
