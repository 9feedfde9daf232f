/**
 * Status sync to the national portal (docs/api.md, portal sync): one queued message per new
 * dossier version; the sender reads the dossier as it is now and posts what the portal lacks.
 *
 * Order without FIFO: a message names the version that caused it, and the dossier records the
 * version the portal last acknowledged (`syncedVersion`, only ever raised). A message at or below
 * it is covered and dropped; otherwise the portal gets the dossier as it is now (DongBoHoSoMC)
 * and every step after `syncedVersion` in lifecycle order (CapNhatTienDoHoSoMC). Bodies are
 * never built from an old image, so a late or retried message cannot send an older status after
 * a newer one; each post carries the version so the receiver can drop one that crossed a newer.
 */
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import {
  capNhatTienDo,
  dongBoHoSo,
  type PortalSyncBody,
  type PortalSyncContext,
  type SyncedDossier,
} from '#shared/domain/portal-sync.ts';
import { toVietnamIso } from '#shared/domain/time.ts';
import type { Catalog } from './ports.ts';

export type PortalSyncMessage = { dossierCode: string; version: number };

/** The portal's sync endpoint; `post` throws unless the portal took the body (2xx). */
export interface PortalSyncEndpoint {
  post(body: PortalSyncBody, meta: PortalSyncMessage): Promise<void>;
}

export interface PortalSyncStore {
  getWithHistory(dossierCode: string): Promise<{ dossier: Dossier; history: TimelineEvent[] } | undefined>;
  /** Records that the portal holds `version`, only if it is newer than what is recorded. */
  markSynced(dossierCode: string, version: number, at: string): Promise<boolean>;
}

export type SyncToPortalDeps = {
  dossiers: PortalSyncStore;
  catalog: Pick<Catalog, 'procedure' | 'units'>;
  portal: PortalSyncEndpoint;
  now: () => Date;
};

export type SyncOutcome = 'SENT' | 'COVERED' | 'IMPORTED' | 'GONE';

/** The catalog facts of the body: the procedure's field and the competent unit's identifier. */
async function contextOf(catalog: SyncToPortalDeps['catalog'], dossier: Dossier): Promise<PortalSyncContext> {
  const [procedure, units] = await Promise.all([catalog.procedure(dossier.procedureCode), catalog.units()]);
  const unit = units.find((u) => u.unitId === dossier.competentUnitId);
  return { fieldCode: procedure?.field ?? '', unitCode: unit?.unitCode ?? dossier.competentUnitId };
}

export async function syncToPortal(deps: SyncToPortalDeps, message: PortalSyncMessage): Promise<SyncOutcome> {
  const stored = await deps.dossiers.getWithHistory(message.dossierCode);
  if (!stored) return 'GONE';
  const dossier: SyncedDossier = stored.dossier;
  // Legacy dossiers converted from an earlier system are the portal's already, never new.
  if (dossier.importedAt) return 'IMPORTED';
  if ((dossier.syncedVersion ?? 0) >= message.version) return 'COVERED';
  const meta = { dossierCode: dossier.dossierCode, version: dossier.version };
  await deps.portal.post(dongBoHoSo(dossier, stored.history, await contextOf(deps.catalog, dossier)), meta);
  const progress = capNhatTienDo(dossier, stored.history);
  if (progress.data.length > 0) await deps.portal.post(progress, meta);
  await deps.dossiers.markSynced(dossier.dossierCode, dossier.version, toVietnamIso(deps.now()));
  return 'SENT';
}
