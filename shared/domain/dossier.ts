/**
 * A dossier ("hồ sơ") and its timeline, and the rules that open one: which unit decides it,
 * its category for the center's report, where it starts and when it is due.
 */

import type { Principal } from './access.ts';
import {
  computeDueAt,
  type ProcessingTime,
  provisionalYear,
  type Timeliness,
  type WorkingCalendar,
} from './calendar.ts';
import type { Center, Procedure, Unit } from './catalog.ts';
import { businessRule, type FieldError, validationError } from './errors.ts';
import type { ApplicantType } from './identity.ts';
import type { Rating } from './rating.ts';
import type { Channel, DossierStatus } from './status.ts';
import { toVietnamIso } from './time.ts';

export type Category = 'OWN_AUTHORITY' | 'BOUNDARY_FREE' | 'VERTICAL';

export type { ApplicantType };
/** Who the dossier is for. Personal data: never logged. */
export type Applicant = {
  type: ApplicantType;
  idNumber: string;
  fullName: string;
  phone?: string | undefined;
  email?: string | undefined;
  address: string;
  /** As submitted: the portal's account was verified through VNeID (kept as Dossier.vneidVerified). */
  vneidVerified?: boolean | undefined;
};
/**
 * A document handed in: on paper at the counter, or as an uploaded attachment (an upload, or a
 * counter scan of the paper). `digitized` is set when the dossier stores it: whether it has an
 * attachment (Decision 766 indicator 4.2 counts digitized dossiers).
 */
export type SubmittedDocument = {
  documentCode: string;
  attachmentId?: string | undefined;
  copies?: number | undefined;
  digitized?: boolean | undefined;
};

/** The document as stored: `digitized` says whether it came with an attachment. */
export const digitize = ({ digitized: _, ...doc }: SubmittedDocument): SubmittedDocument => ({
  ...doc,
  digitized: Boolean(doc.attachmentId),
});
export type ResultDelivery = 'COUNTER' | 'POSTAL' | 'ONLINE';

/** What a client files: the procedure, where, through which channel, for whom, with what. */
export type SubmissionRequest = {
  procedureCode: string;
  centerId: string;
  channel: Channel;
  competentUnitId?: string | undefined;
  applicant: Applicant;
  summary: string;
  documents: SubmittedDocument[];
  resultDelivery: ResultDelivery;
  portalRef?: string | undefined;
};
export type ResultDocument = { documentCode: string; name?: string; attachmentId?: string };
export type Fee = { code: string; name: string; amount: number };
/** The person at the calling system who took a step (synced as NguoiXuLy, ChucDanh, PhongBanXuLy). */
export type Officer = { name: string; title?: string | undefined; department?: string | undefined };

export type Dossier = {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  centerId: string;
  competentUnitId: string;
  agencyId: string;
  category: Category;
  channel: Channel;
  status: DossierStatus;
  version: number;
  submittedAt: string;
  receivedAt?: string;
  dueAt?: string;
  finishedAt?: string;
  /** When the result was returned to the applicant (RETURN_RESULT; the portal's NgayTra). */
  returnedAt?: string;
  timeliness?: Timeliness;
  /**
   * The due date was computed into (or across) a year without announced calendar data: only the
   * statutory holidays were counted. It is recomputed when that year's calendar is stored.
   */
  calendarProvisional?: true | undefined;
  applicant: Applicant;
  summary: string;
  documents: SubmittedDocument[];
  results?: ResultDocument[];
  fees?: Fee[];
  resultDelivery: ResultDelivery;
  portalRef?: string;
  /** Statutory processing time, kept so the due date can be set on ACCEPT. */
  processing: ProcessingTime;
  /** When the clock was paused by a supplement request. */
  pausedAt?: string;
  supplementRequests?: number;
  /** The client that filed it (the portal sees only its own). */
  submittedBy: string;
  /** Agency systems the dossier has been routed to (they, and only they, may read it). */
  routedTo: string[];
  /** The citizen's satisfaction rating, given once after RETURNED (shared/domain/rating.ts). */
  rating?: Rating | undefined;
  /** When the national portal last acknowledged this dossier, and at which version (766 indicator 1.4). */
  syncedAt?: string;
  syncedVersion?: number;
  /** Set on legacy dossiers converted from an earlier system: they are never synced as new. */
  importedAt?: string;
  /**
   * Set when its fees were paid: true once a payment went through the online gateway (Decision
   * 766 indicator 3.6 counts these among fee-bearing dossiers), false when paid at the counter.
   */
  paidOnline?: boolean;
  /** Set (true) when the portal said the applicant's account was verified through VNeID. */
  vneidVerified?: boolean;
};

export type TimelineEvent = {
  at: string;
  action: string;
  actor: string;
  fromStatus?: DossierStatus;
  toStatus: DossierStatus;
  note?: string;
  /** What a SUPPLEMENT supplied or a RESOLVE returned, with their attachments. */
  documents?: ResultDocument[];
  /** The fees a REQUEST_PAYMENT asked for. */
  fees?: Fee[];
  /** Who took the step at the calling system, when it said. */
  officer?: Officer;
  /** The dossier version this event produced. */
  version: number;
};

/**
 * Whether the processing clock runs and can still run late: the dossier is received and not
 * finished, not paused for a supplement, and not yet found overdue.
 */
export function clockRuns(dossier: Pick<Dossier, 'status' | 'dueAt' | 'timeliness'>): boolean {
  return (
    (dossier.status === 'RECEIVED' ||
      dossier.status === 'IN_PROGRESS' ||
      dossier.status === 'PAYMENT_REQUESTED') &&
    dossier.dueAt !== undefined &&
    dossier.timeliness !== 'OVERDUE'
  );
}

/** Received and not ended: the statuses whose due date can still change. */
export function isOpen(dossier: Pick<Dossier, 'status'>): boolean {
  return (
    dossier.status === 'RECEIVED' ||
    dossier.status === 'IN_PROGRESS' ||
    dossier.status === 'SUPPLEMENT_REQUESTED' ||
    dossier.status === 'PAYMENT_REQUESTED'
  );
}

/**
 * A procedure's statutory processing time, as the clock counts it: `processingDays` in its
 * `processingUnit` (working days unless it says calendar days or months), plus working hours.
 */
export function processingTimeOf(procedure: Procedure): ProcessingTime {
  const amount = procedure.processingDays;
  const unit = procedure.processingUnit ?? 'WORKING_DAYS';
  return {
    ...(unit === 'WORKING_DAYS' ? { days: amount } : {}),
    ...(unit === 'CALENDAR_DAYS' ? { calendarDays: amount } : {}),
    ...(unit === 'MONTHS' ? { months: amount } : {}),
    ...(procedure.processingHours ? { hours: procedure.processingHours } : {}),
    ...(procedure.sameDayCutoff ? { sameDayCutoff: procedure.sameDayCutoff } : {}),
  };
}

/** `true` when the due moment of a dossier received at `receivedAt` rests on an unloaded year. */
export function provisionalFlag(receivedAt: Date, dueAt: Date, calendar: WorkingCalendar): true | undefined {
  return provisionalYear(receivedAt, dueAt, calendar) === undefined ? undefined : true;
}

/** Category of the center's monthly report, from who decides the dossier. */
export function categorize(center: Center, competentUnit: Unit): Category {
  if (competentUnit.kind === 'VERTICAL_AGENCY') return 'VERTICAL';
  return competentUnit.unitId === center.unitId ? 'OWN_AUTHORITY' : 'BOUNDARY_FREE';
}

/** The unit that decides: named by the request, or the center's own unit, or the procedure's. */
export function resolveCompetentUnit(
  procedure: Procedure,
  center: Center,
  units: readonly Unit[],
  requested: string | undefined,
): Unit {
  const unitId =
    requested ??
    (procedure.competentUnitKind === 'COMMUNE_PC' ? center.unitId : procedure.defaultCompetentUnitId);
  const unit = units.find((u) => u.unitId === unitId);
  if (!unit) {
    throw businessRule(`Unknown competent unit ${unitId ?? '(none)'}`, [
      { path: 'competentUnitId', message: 'no such unit' },
    ]);
  }
  if (unit.kind !== procedure.competentUnitKind) {
    throw businessRule(`Procedure ${procedure.code} is decided by a ${procedure.competentUnitKind} unit`, [
      {
        path: 'competentUnitId',
        message: `${unit.unitId} is a ${unit.kind}, not a ${procedure.competentUnitKind}`,
      },
    ]);
  }
  if (unit.kind !== 'COMMUNE_PC' && unit.agencyId !== procedure.agencyId) {
    throw businessRule(`Procedure ${procedure.code} is decided through agency system ${procedure.agencyId}`, [
      { path: 'competentUnitId', message: `${unit.unitId} belongs to ${unit.agencyId}` },
    ]);
  }
  return unit;
}

/** Business rules on the documents of a submission. */
export function checkDocuments(procedure: Procedure, request: SubmissionRequest): void {
  const errors: FieldError[] = [];
  const known = new Set(procedure.documents.map((d) => d.code));
  request.documents.forEach((doc, i) => {
    if (!known.has(doc.documentCode)) {
      errors.push({
        path: `documents.${i}.documentCode`,
        message: `not a document of procedure ${procedure.code}`,
      });
    }
    if (request.channel === 'ONLINE' && !doc.attachmentId) {
      errors.push({
        path: `documents.${i}.attachmentId`,
        message: `an ONLINE dossier attaches every document (${doc.documentCode} has no attachment)`,
      });
    }
  });
  const listed = new Set(request.documents.map((d) => d.documentCode));
  for (const doc of procedure.documents) {
    if (doc.mandatory && !listed.has(doc.code)) {
      errors.push({ path: 'documents', message: `mandatory document ${doc.code} (${doc.name}) is missing` });
    }
  }
  if (errors.length > 0) throw businessRule('The documents do not satisfy the procedure', errors);
}

export type OpenDossierInput = {
  request: SubmissionRequest;
  procedure: Procedure;
  center: Center;
  competentUnit: Unit;
  dossierCode: string;
  submittedBy: Principal;
  now: Date;
  calendar: WorkingCalendar;
};

/**
 * Opens a dossier: ONLINE ones wait for the center (SUBMITTED); DIRECT and POSTAL ones are
 * received at once, so their due date runs from now.
 */
export function openDossier(input: OpenDossierInput): { dossier: Dossier; event: TimelineEvent } {
  const { request, procedure, center, competentUnit, now } = input;
  const at = toVietnamIso(now);
  const status = filingStatusOf(request.channel);
  const received = status === 'RECEIVED';
  const dossier: Dossier = {
    dossierCode: input.dossierCode,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    centerId: center.centerId,
    competentUnitId: competentUnit.unitId,
    agencyId: competentUnit.agencyId,
    category: categorize(center, competentUnit),
    channel: request.channel,
    status,
    version: 1,
    submittedAt: at,
    ...(received ? receipt(now, procedure, input.calendar) : {}),
    applicant: applicantOf(request.applicant),
    summary: request.summary,
    documents: request.documents.map(digitize),
    resultDelivery: request.resultDelivery,
    ...(request.portalRef ? { portalRef: request.portalRef } : {}),
    ...(request.applicant.vneidVerified === true ? { vneidVerified: true } : {}),
    processing: processingTimeOf(procedure),
    submittedBy: input.submittedBy.clientId,
    // An ONLINE dossier reaches its agency only once the center accepts it.
    routedTo: received ? [competentUnit.agencyId] : [],
  };
  return {
    dossier,
    event: submitEventOf(dossier),
  };
}

/** ONLINE dossiers wait for the center; the others are received as they are filed. */
export const filingStatusOf = (channel: Channel): DossierStatus =>
  channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED';

/**
 * A dossier's first timeline event, its filing: all of it is known from the dossier at any
 * version (when, by whom, through which channel), so it is not stored as an item of its own.
 */
export const submitEventOf = (
  dossier: Pick<Dossier, 'submittedAt' | 'submittedBy' | 'channel'>,
): TimelineEvent => ({
  at: dossier.submittedAt,
  action: 'SUBMIT',
  actor: dossier.submittedBy,
  toStatus: filingStatusOf(dossier.channel),
  version: 1,
});

/** The applicant as stored: the VNeID flag lives on the dossier (what the portal sync reads). */
const applicantOf = ({ vneidVerified: _, ...applicant }: Applicant): Applicant => applicant;

/**
 * Only the portal verifies accounts, through VNeID: another client claiming it is refused
 * (400 on `applicant.vneidVerified`), since the indicator counts what the portal vouched for.
 */
export function checkVneidClaim(principal: Principal, request: SubmissionRequest): void {
  if (request.applicant.vneidVerified === true && principal.profile !== 'portal') {
    throw validationError('Only the national portal may say an account was verified through VNeID', [
      { path: 'applicant.vneidVerified', message: 'only the portal may set it true' },
    ]);
  }
}

/** What receiving a dossier sets: the receipt, the due moment and whether it is provisional. */
function receipt(now: Date, procedure: Procedure, calendar: WorkingCalendar): Partial<Dossier> {
  const dueAt = computeDueAt(now, processingTimeOf(procedure), calendar);
  const provisional = provisionalFlag(now, dueAt, calendar);
  return {
    receivedAt: toVietnamIso(now),
    dueAt: toVietnamIso(dueAt),
    ...(provisional ? { calendarProvisional: provisional } : {}),
  };
}

/**
 * Submission rules that need the catalog but no storage. FULL and PARTIAL procedures may be
 * filed ONLINE, NONE ones may not (docs/domain.md §7). That each attachment is a VERIFIED
 * upload of the submitting client is checked against the attachment store (attachment.ts).
 */
export function checkSubmission(procedure: Procedure, request: SubmissionRequest): void {
  if (request.channel === 'ONLINE' && procedure.onlineLevel === 'NONE') {
    throw businessRule(`Procedure ${procedure.code} is not offered online`, [
      { path: 'procedureCode', message: `online level ${procedure.onlineLevel}` },
    ]);
  }
  checkDocuments(procedure, request);
}
