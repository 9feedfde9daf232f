/**
 * Fan-out rules: which agency systems a dossier change is routed to. A dossier that reaches
 * RECEIVED goes to the agency system that decides it; a RESOLVED one whose result travels by
 * post also goes to the post.
 */
import type { Dossier } from './dossier.ts';

export type Routing = { agencyId: string; dossierCode: string; version: number; status: string };

type Image = Pick<Dossier, 'dossierCode' | 'status' | 'version' | 'agencyId' | 'resultDelivery'> & {
  /** Set on dossiers converted from the previous system (shared/domain/legacy-dossier.ts). */
  importedAt?: string;
};

const reached = (before: Image | undefined, after: Image, status: Image['status']) =>
  after.status === status && before?.status !== status;

export function routingsFor(before: Image | undefined, after: Image): Routing[] {
  const routing = (agencyId: string): Routing => ({
    agencyId,
    dossierCode: after.dossierCode,
    version: after.version,
    status: after.status,
  });
  // An imported dossier arrives as the previous system left it, already delivered there.
  if (!before && after.importedAt !== undefined) return [];
  if (reached(before, after, 'RECEIVED')) return [routing(after.agencyId)];
  if (reached(before, after, 'RESOLVED') && after.resultDelivery === 'POSTAL') return [routing('post')];
  return [];
}

/** The same change routed twice has the same event id, so consumers can drop the repeat. */
export const routingEventId = (r: Routing) => `${r.dossierCode}#${r.version}#${r.agencyId}`;
