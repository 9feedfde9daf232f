import { maySee, type Principal } from '#shared/domain/access.ts';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { conflict, notFound } from '#shared/domain/errors.ts';
import { type ActionCommand, decide } from '#shared/domain/lifecycle.ts';
import { checkAttachments } from './attachments.ts';
import type { AttachmentStore, Catalog, DossierStore } from './ports.ts';

export type ActOnDossierDeps = {
  catalog: Catalog;
  dossiers: DossierStore;
  /** Where the uploads an action's documents name are checked and their use noted. */
  attachments: AttachmentStore;
  now: () => Date;
};

/**
 * Takes one action on a dossier:
 * 1. reads the dossier with its history; one the caller may not see is "not found";
 * 2. the state machine decides (profile, version, status, required input); the documents a
 *    SUPPLEMENT or RESOLVE brings name only VERIFIED uploads of the caller (else 422);
 * 3. the change and its timeline event are written guarded by the status and version decided
 *    from (DossierStore.applyTransition); if another change won meanwhile, the caller gets a 409
 *    with the dossier's state now.
 */
export async function actOnDossier(
  deps: ActOnDossierDeps,
  principal: Principal,
  dossierCode: string,
  command: ActionCommand,
): Promise<{ dossier: Dossier; history: TimelineEvent[] }> {
  // One read of the dossier with its history: the answer is that history and the new event,
  // since the change is written only if nothing else was written since this read.
  const stored = await deps.dossiers.getWithHistory(dossierCode);
  if (!stored || !maySee(principal, stored.dossier)) throw notFound(`No dossier ${dossierCode}`);
  // The portal's sync mark is read beside the dossier, not part of it: a change never writes it.
  const { syncedAt: _at, syncedVersion: _version, ...dossier } = stored.dossier;
  const { next, event } = decide(dossier, command, principal, deps.now(), await deps.catalog.calendar());
  await (await checkAttachments(deps.attachments, principal, command.documents ?? [])).noteUse(dossierCode);
  if (await deps.dossiers.applyTransition(dossier, next, event)) {
    return { dossier: next, history: [...stored.history, event] };
  }
  const current = await deps.dossiers.get(dossierCode);
  throw conflict(`Dossier ${dossierCode} changed while ${command.action} was being applied`, {
    currentStatus: current?.status,
    version: current?.version,
  });
}
