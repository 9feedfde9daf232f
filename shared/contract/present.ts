/**
 * Domain records as the contract shows them. Internal bookkeeping stays inside, and the output
 * goes through the contract's schema, so every response has the documented fields in the
 * documented order.
 */
import { type Dossier, digitize, type TimelineEvent } from '#shared/domain/dossier.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';
import { DossierSchema } from './dossier-view.ts';
import { applicantOf } from './present-summary.ts';

export { presentDossierSummary } from './present-summary.ts';

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
