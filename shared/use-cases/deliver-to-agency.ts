import { presentDossierSummary } from '#shared/contract/present-summary.ts';
import type { Principal } from '#shared/domain/access.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import type { Routing } from '#shared/domain/routing.ts';
import type { AgencyEndpoints, Catalog, DossierStore } from './ports.ts';

export type DeliverDeps = {
  catalog: Catalog;
  dossiers: DossierStore;
  endpoints: AgencyEndpoints;
  now: () => Date;
};

/**
 * - `started`: delivered to the agency's endpoint and moved RECEIVED → IN_PROGRESS;
 * - `delivered`: delivered (a result for the post, or a dossier someone else started meanwhile);
 * - `waiting`: the agency has no endpoint: the dossier waits on its worklist until it STARTs it;
 * - `superseded`: the dossier has moved on since it was routed: nothing to deliver.
 */
export type DeliveryOutcome = 'started' | 'delivered' | 'waiting' | 'superseded';

/** The agency system's own handler acts with the agency's profile. */
const agencyActor = (agencyId: string): Principal => ({
  clientId: `agency-handler:${agencyId}`,
  profile: 'agency',
  agencyId,
  scopes: [],
});

/**
 * Delivers one routed dossier to its agency system:
 * 1. reads the dossier; a dossier routed for processing that has moved past the routed version
 *    is stale (a result routed to the post is delivered whatever happened since);
 * 2. an agency without an endpoint works from its worklist: nothing is sent;
 * 3. posts the dossier to the agency's endpoint (a failure throws: the queue retries);
 * 4. a dossier the agency decides, still RECEIVED, is started in one conditional write, so a
 *    repeated message or a concurrent START changes nothing more.
 */
export async function deliverToAgency(
  deps: DeliverDeps,
  routing: Routing & { eventId: string },
): Promise<DeliveryOutcome> {
  const dossier = await deps.dossiers.get(routing.dossierCode);
  if (!dossier) throw new Error(`routed dossier ${routing.dossierCode} does not exist`);
  const forProcessing = routing.status === 'RECEIVED';
  if (forProcessing && dossier.version !== routing.version) return 'superseded';
  if (!deps.endpoints.has(routing.agencyId)) return 'waiting';

  await deps.endpoints.deliver(routing.agencyId, routing.eventId, {
    eventId: routing.eventId,
    reason: forProcessing ? 'PROCESS' : 'DELIVER_RESULT',
    dossier: presentDossierSummary(dossier),
  });
  if (!forProcessing || routing.agencyId !== dossier.agencyId) return 'delivered';
  const { next, event } = decide(
    dossier,
    { action: 'START', expectedVersion: routing.version },
    agencyActor(routing.agencyId),
    deps.now(),
    await deps.catalog.calendar(),
  );
  return (await deps.dossiers.applyTransition(dossier, next, event)) ? 'started' : 'delivered';
}
