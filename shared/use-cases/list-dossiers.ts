import type { DossierListQuery } from '#shared/contract/dossier-query.ts';
import * as z from '#shared/contract/zod.ts';
import type { Principal } from '#shared/domain/access.ts';
import type { CursorCodec, CursorScope } from '#shared/domain/cursor.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { forbidden, validationError } from '#shared/domain/errors.ts';
import type { DossierStatus } from '#shared/domain/status.ts';
import { toVietnamIso } from '#shared/domain/time.ts';
import type { DossierStore, WorklistFilter, WorklistSource } from './ports.ts';
import { portalRefKey, routedUnitKey } from './ports.ts';

export type ListDossiersDeps = { dossiers: Pick<DossierStore, 'worklist'>; cursors: CursorCodec };

export type DossierListPage = { items: Dossier[]; nextCursor?: string };

/** `<submittedAt>#<dossierCode>`: the sort key a source resumes after. */
const SubmittedKeySchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T[^#]{1,40}#[A-Za-z0-9.-]{1,60}$/));
const PositionSchema = z.union([
  z.strictObject({ after: SubmittedKeySchema }),
  z.strictObject({ done: z.literal(true) }),
  z.strictObject({}),
]);
/** A worklist cursor's payload: one position per source, in the order of the sources. */
const worklistCursorSchema = (sources: number) =>
  z.strictObject({ p: z.array(PositionSchema).check(z.length(sources)) });

const agencySources = (agencyId: string): WorklistSource[] => [
  { index: 'byRoutedAgency', value: agencyId },
  { index: 'byDelivery', value: agencyId },
];

/** A unit-bound agency client reads only the partitions of its units: no filtering after the read. */
const unitSources = (agencyId: string, unitIds: readonly string[]): WorklistSource[] =>
  unitIds.map((unitId) => ({ index: 'byRoutedUnit', value: routedUnitKey(agencyId, unitId) }));

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
      const agencyId = principal.agencyId ?? '';
      return {
        sources: principal.unitIds ? unitSources(agencyId, principal.unitIds) : agencySources(agencyId),
        filter: query.centerId ? { centerId: query.centerId } : {},
      };
    }
    case 'portal':
      return {
        // Its own reference names at most a few of its dossiers: read their sparse partition,
        // not its whole history.
        sources: [
          query.portalRef
            ? { index: 'byPortalRef', value: portalRefKey(principal.clientId, query.portalRef) }
            : { index: 'bySubmitter', value: principal.clientId },
        ],
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
 *    what was routed to it, or to its units when it is unit-bound, the portal what it filed,
 *    the admin what it names); asking for another center or agency is refused;
 * 2. status, reception dates, procedure and the submitter's reference filter (the portal's
 *    reference reads its own sparse index partition instead of its whole history);
 * 3. a cursor is opened only if it was sealed for this client and this query (partitions and
 *    filters), before anything is read;
 * 4. one page, and a sealed cursor for the next.
 */
export async function listDossiers(
  deps: ListDossiersDeps,
  principal: Principal,
  query: DossierListQuery,
): Promise<DossierListPage> {
  const { sources, filter: profileFilter } = sourcesFor(principal, query);
  const filter: WorklistFilter = {
    ...profileFilter,
    ...(query.status ? { status: query.status as DossierStatus } : {}),
    ...(query.receivedFrom ? { receivedFrom: lowerBound(query.receivedFrom) } : {}),
    ...(query.receivedTo ? { receivedTo: upperBound(query.receivedTo) } : {}),
    ...(query.procedureCode ? { procedureCode: query.procedureCode } : {}),
    ...(query.portalRef ? { portalRef: query.portalRef } : {}),
  };
  const scope: CursorScope = { clientId: principal.clientId, query: { sources, filter } };
  const from = query.cursor
    ? deps.cursors.open(query.cursor, scope, worklistCursorSchema(sources.length)).p
    : undefined;
  const page = await deps.dossiers.worklist(sources, filter, query.limit, from);
  return {
    items: page.items,
    ...(page.next ? { nextCursor: deps.cursors.seal({ p: page.next }, scope) } : {}),
  };
}
