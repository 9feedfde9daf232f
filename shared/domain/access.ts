/**
 * Who may do what: every client id is bound to one profile (portal, a center, an agency system,
 * admin), an agency client optionally to some of its competent units. Scopes are checked at the
 * gateway; these rules check the binding on every route.
 */

import { forbidden } from './errors.ts';
import type { Channel } from './status.ts';

export const PROFILES = ['portal', 'center', 'agency', 'admin'] as const;
export type Profile = (typeof PROFILES)[number];

/** A client id's binding, kept in the catalog. */
export type ClientBinding = {
  clientId: string;
  profile: Profile;
  /** For `center`: the one center it works for. */
  centerId?: string;
  /** For `agency`: the one agency system it is. */
  agencyId?: string;
  /**
   * For `agency`, optionally: the competent units it works for (e.g. one ward's People's
   * Committee of the shared `commune` system). It then sees and acts only on the dossiers those
   * units decide; without it, on every dossier routed to its agency system.
   */
  unitIds?: readonly string[];
};

/** The caller of one request: its binding plus the scopes its token carries. */
export type Principal = ClientBinding & { scopes: readonly string[] };

/** A dossier's fields that decide who may see it. */
export type DossierAudience = {
  centerId: string;
  submittedBy: string;
  routedTo: readonly string[];
  /** The agency system that decides it, and its competent unit there. */
  agencyId: string;
  competentUnitId: string;
};

/** Whether an agency client decides this dossier: its agency system's, and one of its units' if bound. */
export function decidesFor(principal: Principal, dossier: DossierAudience): boolean {
  if (principal.profile !== 'agency' || principal.agencyId !== dossier.agencyId) return false;
  return principal.unitIds === undefined || principal.unitIds.includes(dossier.competentUnitId);
}

export function maySee(principal: Principal, dossier: DossierAudience): boolean {
  switch (principal.profile) {
    case 'admin':
      return true;
    case 'portal':
      return dossier.submittedBy === principal.clientId;
    case 'center':
      return dossier.centerId === principal.centerId;
    case 'agency':
      if (principal.agencyId === undefined || !dossier.routedTo.includes(principal.agencyId)) return false;
      // A unit-bound client sees only what its units decide (never results it only delivers).
      return principal.unitIds === undefined || decidesFor(principal, dossier);
  }
}

/** Portal files ONLINE dossiers at any center; a center files DIRECT and POSTAL ones at its own. */
export function assertMaySubmit(principal: Principal, channel: Channel, centerId: string): void {
  if (principal.profile === 'portal') {
    if (channel !== 'ONLINE') throw forbidden('The portal files ONLINE dossiers only');
    return;
  }
  if (principal.profile === 'center') {
    if (channel === 'ONLINE')
      throw forbidden('A center files DIRECT or POSTAL dossiers; ONLINE ones come from the portal');
    if (centerId !== principal.centerId)
      throw forbidden(`This client may not file dossiers at center ${centerId}`);
    return;
  }
  throw forbidden(`The ${principal.profile} profile does not file dossiers`);
}
