/**
 * Domain records as the contract shows them. Internal bookkeeping stays inside, and the output
 * goes through the contract's schema, so every response has the documented fields in the
 * documented order.
 */
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { DossierSchema } from './dossier-view.ts';
import { shownFields } from './present-summary.ts';

export { presentDossierSummary } from './present-summary.ts';

export const presentDossier = (dossier: Dossier, history: readonly TimelineEvent[]) =>
  DossierSchema.parse({ ...shownFields(dossier), history });
