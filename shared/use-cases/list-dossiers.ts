import type { DossierStore } from '#shared/adapters/dossier-store.ts';
import type { WorklistFilter, WorklistPage, WorklistSource } from '#shared/adapters/worklist-query.ts';
import type { DossierListQuery } from '#shared/contract/dossier.ts';
import type { Principal } from '#shared/domain/access.ts';
import { forbidden, validationError } from '#shared/domain/errors.ts';
import type { DossierStatus } from '#shared/domain/status.ts';
import { toVietnamIso } from '#shared/domain/time.ts';

export type ListDossiersDeps = Pick<DossierStore, 'worklist'>;

const agencySources = (agencyId: string): WorklistSource[] => [
  { index: 'byRoutedAgency', value: agencyId },
  { index: 'byDelivery', value: agencyId },
];

/** Where a client's worklist comes from: what its profile may see, narrowed by the query. */
function sourcesFor(
  principal: Principal,
  query: DossierListQuery,
): { sources: WorklistSource[]; filter: WorklistFilter } {
  switch (principal.profile) {
    case 'center': {
      if (query.centerId && query.centerId !== principal.centerId) {
        throw forbidden(`This client may not read the dossiers of center ${query.centerId}`);
      }
      return {
        sources: [{ index: 'byCenter', value: principal.centerId ?? '' }],
        filter: query.agencyId ? { agencyId: query.agencyId } : {},
      };
    }
    case 'agency': {
      if (query.agencyId && query.agencyId !== principal.agencyId) {
        throw forbidden(`This client may not read the dossiers of agency system ${query.agencyId}`);
      }
      return {
        sources: agencySources(principal.agencyId ?? ''),
        filter: query.centerId ? { centerId: query.centerId } : {},
      };
    }
    case 'portal':
      return {
        sources: [{ index: 'bySubmitter', value: principal.clientId }],
        filter: {
          ...(query.centerId ? { centerId: query.centerId } : {}),
          ...(query.agencyId ? { agencyId: query.agencyId } : {}),
        },
      };
    case 'admin': {
      if (query.centerId) {
        return {
          sources: [{ index: 'byCenter', value: query.centerId }],
          filter: query.agencyId ? { agencyId: query.agencyId } : {},
        };
      }
      if (query.agencyId) return { sources: agencySources(query.agencyId), filter: {} };
      throw validationError('Name a centerId or an agencyId', [
        { path: 'centerId', message: 'or agencyId: required' },
      ]);
    }
  }
}

/** Bounds on receivedAt: a date is its whole local day. */
const lowerBound = (value: string) =>
  value.length === 10 ? `${value}T00:00:00+07:00` : toVietnamIso(new Date(value));
const upperBound = (value: string) =>
  value.length === 10 ? `${value}T23:59:59+07:00` : toVietnamIso(new Date(value));

/**
 * A worklist, newest first:
 * 1. the profile decides which index partitions may be read (a center its center, an agency
 *    what was routed to it, the portal what it filed, the admin what it names); asking for
 *    another center or agency is refused;
 * 2. status and reception dates filter; 3. one page and a cursor for the next.
 */
export async function listDossiers(
  deps: ListDossiersDeps,
  principal: Principal,
  query: DossierListQuery,
): Promise<WorklistPage> {
  const { sources, filter } = sourcesFor(principal, query);
  return deps.worklist(
    sources,
    {
      ...filter,
      ...(query.status ? { status: query.status as DossierStatus } : {}),
      ...(query.receivedFrom ? { receivedFrom: lowerBound(query.receivedFrom) } : {}),
      ...(query.receivedTo ? { receivedTo: upperBound(query.receivedTo) } : {}),
    },
    query.limit,
    query.cursor,
  );
}
