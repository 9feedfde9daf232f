import type { Catalog } from '#shared/adapters/catalog-store.ts';
import type { DossierStore } from '#shared/adapters/dossier-store.ts';
import type { SubmitDossierRequest } from '#shared/contract/dossier.ts';
import { assertMaySubmit, type Principal } from '#shared/domain/access.ts';
import {
  checkSubmission,
  type Dossier,
  openDossier,
  resolveCompetentUnit,
  type TimelineEvent,
} from '#shared/domain/dossier.ts';
import { formatDossierCode, sequenceName } from '#shared/domain/dossier-code.ts';
import { businessRule } from '#shared/domain/errors.ts';

export type SubmitDossierDeps = { catalog: Catalog; dossiers: DossierStore; now: () => Date };

/**
 * Files a dossier at a center:
 * 1. the caller's profile may file through this channel at this center;
 * 2. the procedure and center exist; the procedure may be filed this way with these documents;
 * 3. the competent unit is resolved, which gives the category and the agency system;
 * 4. the next number of the receiving unit's day sequence gives the dossier code;
 * 5. the dossier and its first timeline event are stored in one transaction.
 */
export async function submitDossier(
  deps: SubmitDossierDeps,
  principal: Principal,
  request: SubmitDossierRequest,
): Promise<{ dossier: Dossier; event: TimelineEvent }> {
  assertMaySubmit(principal, request.channel, request.centerId);
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

  const now = deps.now();
  const sequence = await deps.dossiers.nextSequence(sequenceName(center.unitCode, now));
  const { dossier, event } = openDossier({
    request,
    procedure,
    center,
    competentUnit,
    dossierCode: formatDossierCode(center.unitCode, now, sequence),
    submittedBy: principal,
    now,
    calendar,
  });
  await deps.dossiers.create(dossier, event);
  return { dossier, event };
}
