import type { Catalog } from '#shared/adapters/catalog-store.ts';
import type { DossierStore } from '#shared/adapters/dossier-store.ts';
import type { Principal } from '#shared/domain/access.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import type { Routing } from '#shared/domain/routing.ts';

export type DeliverDeps = { catalog: Catalog; dossiers: DossierStore; now: () => Date };
export type DeliveryOutcome = 'started' | 'superseded' | 'delivered';

/** The agency system's own handler acts with the agency's profile. */
const agencyActor = (agencyId: string): Principal => ({
  clientId: `agency-handler:${agencyId}`,
  profile: 'agency',
  agencyId,
  scopes: [],
});

/**
 * Delivers one routed dossier to its agency system:
 * 1. reads the dossier; if it has moved past the routed version, the message is stale;
 * 2. a RECEIVED dossier is started (RECEIVED → IN_PROGRESS) as its agency, in one conditional
 *    write, so a repeated message or a concurrent START changes nothing more.
 */
export async function deliverToAgency(deps: DeliverDeps, routing: Routing): Promise<DeliveryOutcome> {
  const dossier = await deps.dossiers.get(routing.dossierCode);
  if (!dossier) throw new Error(`routed dossier ${routing.dossierCode} does not exist`);
  if (dossier.version !== routing.version) return 'superseded';
  if (dossier.status !== 'RECEIVED' || routing.agencyId !== dossier.agencyId) return 'delivered';
  const { next, event } = decide(
    dossier,
    { action: 'START', expectedVersion: routing.version },
    agencyActor(routing.agencyId),
    deps.now(),
    await deps.catalog.calendar(),
  );
  return (await deps.dossiers.applyTransition(dossier, next, event)) ? 'started' : 'superseded';
}
