import { toVietnamIso } from '#shared/domain/time.ts';
import { judgeTimeliness } from '#shared/domain/timeliness.ts';
import type { DossierStore } from './ports.ts';

export type SweepDeps = { dossiers: Pick<DossierStore, 'pastDue' | 'markOverdue'>; now: () => Date };
export type SweepResult = {
  marked: number;
  byCenter: Record<string, number>;
  byAgency: Record<string, number>;
};

/**
 * Marks the dossiers past their due date as OVERDUE:
 * 1. reads the due-date index (only dossiers whose clock runs and are not yet overdue are in it);
 * 2. marks each one the timeliness rule finds OVERDUE, unless it changed meanwhile (it is then
 *    judged again on the next sweep);
 * 3. counts what it marked per center and per agency system.
 */
export async function sweepOverdue(deps: SweepDeps): Promise<SweepResult> {
  const result: SweepResult = { marked: 0, byCenter: {}, byAgency: {} };
  const now = deps.now();
  for await (const dossier of deps.dossiers.pastDue(toVietnamIso(now))) {
    if (judgeTimeliness(dossier, now) !== 'OVERDUE') continue;
    if (!(await deps.dossiers.markOverdue(dossier))) continue;
    result.marked++;
    result.byCenter[dossier.centerId] = (result.byCenter[dossier.centerId] ?? 0) + 1;
    result.byAgency[dossier.agencyId] = (result.byAgency[dossier.agencyId] ?? 0) + 1;
  }
  return result;
}
