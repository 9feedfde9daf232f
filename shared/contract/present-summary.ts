/**
 * A dossier's summary as the contract shows it (shared/contract/present.ts), apart from the full
 * view so that the functions listing or delivering dossiers do not build its history's schemas.
 */
import { type Dossier, digitize } from '#shared/domain/dossier.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';
import { DossierSummarySchema } from './dossier-summary.ts';

/** The applicant as read: the VNeID flag is kept on the dossier and shown where it was given. */
const applicantOf = (dossier: Dossier) => ({
  ...dossier.applicant,
  vneidVerified: dossier.vneidVerified === true,
});

/**
 * The dossier's fields as every view of it shows them. Dossiers stored before `digitized` was
 * recorded get it from their attachments.
 */
export const shownFields = (dossier: Dossier) => ({
  ...dossier,
  applicant: applicantOf(dossier),
  documents: dossier.documents.map(digitize),
  statusCode: STATUS_CODES[dossier.status],
});

export const presentDossierSummary = (dossier: Dossier) => DossierSummarySchema.parse(shownFields(dossier));
