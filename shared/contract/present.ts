/** Domain records as the contract shows them: internal bookkeeping stays inside. */
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';

export function presentDossier(dossier: Dossier, history?: readonly TimelineEvent[]) {
  const {
    processingDays: _days,
    pausedAt: _paused,
    supplementRequests: _supplements,
    submittedBy: _by,
    routedTo: _routed,
    ...visible
  } = dossier;
  return {
    ...visible,
    statusCode: STATUS_CODES[dossier.status],
    ...(history ? { history: history.map(({ version: _v, ...entry }) => entry) } : {}),
  };
}
