/**
 * The stored form of a dossier item: keys, the dossier's fields, and the index attributes
 * derived from them.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { clockRuns, type Dossier, digitize, isOpen, type SubmittedDocument } from '#shared/domain/dossier.ts';
import { storedApplicantType } from '#shared/domain/identity.ts';
import { portalRefKey, routedUnitKey } from '#shared/use-cases/ports.ts';

type Item = Record<string, NativeAttributeValue>;

export const dossierKey = (dossierCode: string) => ({ pk: `DOSSIER#${dossierCode}`, sk: '#DOSSIER' });
/** Sort key of a dossier's portal sync mark, an item beside the dossier (see markSynced). */
export const SYNC_MARK_SK = '#SYNC';
export const syncMarkKey = (dossierCode: string) => ({ pk: dossierKey(dossierCode).pk, sk: SYNC_MARK_SK });
/** Shards of the byDue index: enough to spread a province's open dossiers, few to sweep. */
export const DUE_SHARDS = 8;

export const dueShardOf = (dossierCode: string) => {
  let hash = 0;
  for (const char of dossierCode) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `DUE#${hash % DUE_SHARDS}`;
};

/**
 * The stored form of a dossier: its fields plus keys and the index attributes derived from
 * them (never stored state of their own): the newest-first sort key of the worklists, the
 * sparse agency (and agency and competent unit) of a dossier routed to the agency that
 * decides it, the
 * sparse due-date shard of a dossier whose clock runs and is not yet overdue, and the sparse
 * delivery agency of a result routed to the post, and the sparse due year of an open dossier whose
 * due date is provisional (recomputed when that year's calendar is stored), and the sparse
 * submitter-and-reference key of a dossier filed with a `portalRef`.
 *
 * No field is stored twice, so that a typical dossier stays within one write unit (1 KB) over
 * its life: the filing time is kept in the sort key alone, and a document's `digitized` not at
 * all (it is whether the document has an attachment). fromDossierItem restores both.
 */
export function toDossierItem(dossier: Dossier): Item {
  const routed = dossier.routedTo.includes(dossier.agencyId);
  const postDelivery = dossier.routedTo.includes('post') && dossier.agencyId !== 'post';
  const { submittedAt, documents, ...fields } = dossier;
  return {
    ...dossierKey(dossier.dossierCode),
    entity: 'DOSSIER',
    ...fields,
    documents: documents.map(storedDocument),
    // The worklists' sort key holds the filing time: stored once, there (fromDossierItem).
    submittedKey: `${submittedAt}#${dossier.dossierCode}`,
    ...(routed
      ? {
          routedAgencyId: dossier.agencyId,
          routedUnit: routedUnitKey(dossier.agencyId, dossier.competentUnitId),
        }
      : {}),
    ...(clockRuns(dossier) ? { dueShard: dueShardOf(dossier.dossierCode) } : {}),
    ...(postDelivery ? { deliveryAgencyId: 'post' } : {}),
    ...(dossier.calendarProvisional && dossier.dueAt && isOpen(dossier)
      ? { provisionalDueYear: dossier.dueAt.slice(0, 4) }
      : {}),
    ...(dossier.portalRef ? { portalRefKey: portalRefKey(dossier.submittedBy, dossier.portalRef) } : {}),
  };
}

/** A stored dossier as the domain reads it today: an `ORGANIZATION` applicant (before the four types) included. */
export function readStoredDossier(dossier: Dossier): Dossier {
  const type = storedApplicantType(dossier.applicant.type);
  return type === dossier.applicant.type
    ? dossier
    : { ...dossier, applicant: { ...dossier.applicant, type } };
}

/**
 * A document as stored: without `digitized`, which is whether it has an attachment (`digitize`
 * sets it so, and reading sets it again), so a dossier item carries no field twice.
 */
export const storedDocument = ({ digitized: _, ...document }: SubmittedDocument): SubmittedDocument =>
  document;

export function fromDossierItem(item: Item): Dossier {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    submittedKey: _key,
    dueShard: _shard,
    deliveryAgencyId: _delivery,
    routedAgencyId: _routed,
    routedUnit: _routedUnit,
    provisionalDueYear: _provisional,
    portalRefKey: _portalRef,
    ...dossier
  } = item;
  const submittedKey = String(item.submittedKey);
  return readStoredDossier({
    ...(dossier as Dossier),
    // Items written before the filing time was kept in the sort key alone still hold it.
    submittedAt:
      (dossier.submittedAt as string | undefined) ?? submittedKey.slice(0, submittedKey.indexOf('#')),
    documents: (dossier.documents as SubmittedDocument[]).map(digitize),
  });
}
