/**
 * Timeliness by the Decision 766 formula (indicator 2.1, docs/domain.md): the one rule the
 * lifecycle (when a dossier ends) and the overdue sweep (while it runs) apply, stored on the
 * dossier so reports count stored values.
 */
import { type Timeliness, timelinessOf } from './calendar.ts';
import type { Dossier } from './dossier.ts';
import type { DossierStatus } from './status.ts';

export type JudgedDossier = Pick<
  Dossier,
  'status' | 'dueAt' | 'finishedAt' | 'pausedAt' | 'supplementRequests'
>;

/** Statuses of a received dossier whose clock can run (or is paused for a supplement). */
const OPEN: readonly DossierStatus[] = [
  'RECEIVED',
  'IN_PROGRESS',
  'SUPPLEMENT_REQUESTED',
  'PAYMENT_REQUESTED',
];

/**
 * - WITHDRAWN: none (withdrawn by the applicant, it counts as received, not as processed);
 * - RESOLVED, RETURNED, STOPPED, and NOT_RECEIVED after a supplement request: LATE after more than
 *   one supplement request whatever the finish time, else EARLY / ON_TIME / LATE against the due
 *   moment; a dossier ended while paused for a supplement is judged at the pause, when its clock
 *   stopped (the wait was the applicant's);
 * - a received dossier still open: OVERDUE once its clock has run past the due moment;
 * - anything else, or no due moment: none.
 */
export function judgeTimeliness(dossier: JudgedDossier, now: Date): Timeliness | undefined {
  const { status, dueAt, supplementRequests = 0 } = dossier;
  if (status === 'WITHDRAWN' || status === 'SUBMITTED') return undefined;
  if (status === 'NOT_RECEIVED' && supplementRequests === 0) return undefined;
  const clockStoppedAt = dossier.pausedAt ?? dossier.finishedAt;
  if (OPEN.includes(status)) {
    if (dueAt === undefined) return undefined;
    return timelinessOf({ dueAt: new Date(dueAt), now: new Date(dossier.pausedAt ?? now.getTime()) });
  }
  if (supplementRequests > 1) return 'LATE';
  if (dueAt === undefined || clockStoppedAt === undefined) return undefined;
  return timelinessOf({ dueAt: new Date(dueAt), finishedAt: new Date(clockStoppedAt), now });
}
