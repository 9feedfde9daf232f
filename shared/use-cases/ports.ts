/**
 * The ports of the use cases: what they need from storage and messaging, in their own terms.
 * Adapters (shared/adapters) implement these; the use cases never see an SDK.
 */
import type { ClientBinding } from '#shared/domain/access.ts';
import type { Attachment, Declaration, Measured, Verdict } from '#shared/domain/attachment.ts';
import type { WorkingCalendar, YearCalendar } from '#shared/domain/calendar.ts';
import type { Agency, Center, Procedure, Unit } from '#shared/domain/catalog.ts';
import type { CircuitState } from '#shared/domain/circuit-breaker.ts';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import type { Decision } from '#shared/domain/lifecycle.ts';
import type {
  Notification,
  NotificationChannel,
  RenderedMessage,
  StatusChange,
} from '#shared/domain/notification.ts';
import type { Payment } from '#shared/domain/payment.ts';
import type { Rating } from '#shared/domain/rating.ts';
import type { ReceiptContent } from '#shared/domain/receipt.ts';
import type { Bucket, Counts } from '#shared/domain/reports.ts';
import type { DossierStatus } from '#shared/domain/status.ts';

// ---- the catalog ------------------------------------------------------------------------------

export interface Catalog {
  centers(): Promise<Center[]>;
  units(): Promise<Unit[]>;
  agencies(): Promise<Agency[]>;
  procedures(): Promise<Procedure[]>;
  procedure(code: string): Promise<Procedure | undefined>;
  client(clientId: string): Promise<ClientBinding | undefined>;
  calendar(): Promise<WorkingCalendar>;
}

/** The stored calendar years, read from the table rather than a cache (the admin reads back what it wrote). */
export interface CalendarStore {
  calendarYear(year: number): Promise<YearCalendar | undefined>;
}

export type CatalogContent = {
  centers: Center[];
  units: Unit[];
  agencies: Agency[];
  procedures: Procedure[];
  calendars: YearCalendar[];
  clients: ClientBinding[];
};

/** Where the seed catalog is loaded (the deploy hook, the local runtime's start). */
export interface CatalogSeedStore {
  /** Adds each entry that is missing; an entry already there stays as operators left it. */
  addMissing(content: Partial<CatalogContent>): Promise<{ added: number; kept: number }>;
  /** Writes each entry, replacing what is there; returns how many. */
  put(content: Partial<CatalogContent>): Promise<number>;
}

// ---- dossiers and worklists -------------------------------------------------------------------

/** An index partition to read: the index and its partition key's value. */
export type WorklistSource = {
  index: 'byCenter' | 'byRoutedAgency' | 'byRoutedUnit' | 'bySubmitter' | 'byDelivery' | 'byPortalRef';
  value: string;
};

export type WorklistFilter = {
  status?: DossierStatus;
  centerId?: string;
  /** Routed to this agency system (deciding it, or delivering its result). */
  agencyId?: string;
  /** Inclusive bounds on receivedAt, as ISO instants in +07:00. */
  receivedFrom?: string;
  receivedTo?: string;
  /** Exactly this procedure (its code). */
  procedureCode?: string;
  /** Exactly this reference of the submitting client (`portalRef`). */
  portalRef?: string;
};

/**
 * Where one source was left: after the item with this `submittedKey`
 * (`<submittedAt>#<dossierCode>`), done, or (neither) not started.
 */
export type WorklistPosition = { after?: string; done?: true };

/** A page, and while more may follow, where each source resumes (one position per source). */
export type WorklistPage = { items: Dossier[]; next?: WorklistPosition[] };

/** The byRoutedUnit partition of a dossier decided by `unitId` of agency system `agencyId`. */
export const routedUnitKey = (agencyId: string, unitId: string) => `${agencyId}#${unitId}`;

/** The byPortalRef partition of the dossiers `clientId` filed under its own reference `portalRef`. */
export const portalRefKey = (clientId: string, portalRef: string) => `${clientId}#${portalRef}`;

export interface DossierStore {
  get(dossierCode: string): Promise<Dossier | undefined>;
  getWithHistory(dossierCode: string): Promise<{ dossier: Dossier; history: TimelineEvent[] } | undefined>;
  /**
   * Writes a state change as one transaction, guarded by the status and version it was decided
   * from. Returns false when another change got there first.
   */
  applyTransition(previous: Dossier, next: Dossier, event: TimelineEvent): Promise<boolean>;
  /** Dossiers whose clock runs and whose due date is before `before`, one due shard at a time. */
  pastDue(before: string): AsyncIterable<Dossier>;
  /**
   * Marks a dossier OVERDUE without a new version (it is an observation, not a decision),
   * guarded by the version and status it was read at. Returns false if it changed meanwhile.
   */
  markOverdue(dossier: Dossier): Promise<boolean>;
  /** Open dossiers whose due date is provisional and falls in `year` (a sparse index). */
  provisionalDue(year: number): AsyncIterable<Dossier>;
  /**
   * Stores a recomputed due date (and what follows from it) without a new version: a correction of
   * a derived value, not a decision; guarded by the version and status it was read at. Returns
   * false if the dossier changed meanwhile.
   */
  correctDueDate(previous: Dossier, next: Dossier): Promise<boolean>;
  /** One page of a worklist, resuming each source where `from` left it (see worklist-query.ts). */
  worklist(
    sources: WorklistSource[],
    filter: WorklistFilter,
    limit: number,
    from?: readonly WorklistPosition[],
  ): Promise<WorklistPage>;
}

// ---- submissions -----------------------------------------------------------------------------

/** A submission as the client names it: its client id and its Idempotency-Key. */
export type SubmissionKey = { clientId: string; idempotencyKey: string };

/** What a submission filed: the dossier and its first timeline event, as acknowledged. */
export type FiledDossier = { dossier: Dossier; event: TimelineEvent };

/** What a key filed before: the request's fingerprint and what it filed. */
export type PriorSubmission = { fingerprint: string; filed: FiledDossier };

/** How a commit ended: stored, or refused because the key had already filed (`prior`). */
export type Commit = { state: 'committed' } | { state: 'key-used'; prior: PriorSubmission };

/**
 * Where submissions are recorded. The one guarantee: `commit` writes the key's record, the
 * dossier and its first event in one transaction, only if the key has filed nothing yet, so a
 * key either has filed a whole dossier or nothing at all; a crash at any other moment leaves at
 * most a gap in the day's sequence (gaps are allowed, reuse is not).
 */
export interface SubmissionStore {
  /** The next number of a unit-day sequence: unique and increasing, never reused. */
  nextSequence(name: string): Promise<number>;
  /**
   * One transaction: the key's record (with `fingerprint` and what it filed), the dossier and
   * its first event. When the key has already filed (and its record has not expired at `now`),
   * nothing is written and the answer is what it filed.
   */
  commit(key: SubmissionKey, fingerprint: string, filed: FiledDossier, now: Date): Promise<Commit>;
  /** What the key filed, if it has and its record has not expired at `now`. */
  prior(key: SubmissionKey, now: Date): Promise<PriorSubmission | undefined>;
}

// ---- agency systems ---------------------------------------------------------------------------

export type RoutingMessage = {
  /** `{dossierCode}#{version}#{agencyId}`: the same change routed twice has the same id. */
  eventId: string;
  dossierCode: string;
  version: number;
  status: string;
  agencyId: string;
};

export interface AgencyQueues {
  send(message: RoutingMessage): Promise<void>;
}

export interface AgencyEndpoints {
  /** Whether the agency system has an endpoint (else it works from its worklist). */
  has(agencyId: string): boolean;
  /** Posts the payload; resolves once the endpoint answered 2xx, else throws. */
  deliver(agencyId: string, eventId: string, payload: unknown): Promise<void>;
}

// ---- circuit breakers -------------------------------------------------------------------------

/** A circuit's state as stored, with the version a conditional write must find. */
export type StoredCircuit = { state: CircuitState; version: number };

export interface CircuitStore {
  /** The circuit of an endpoint (closed at version 0 when none is stored). */
  read(endpoint: string): Promise<StoredCircuit>;
  /** Writes `state` if the circuit is still at `expectedVersion`; whether it was written. */
  write(endpoint: string, state: CircuitState, expectedVersion: number): Promise<boolean>;
}

// ---- attachments ------------------------------------------------------------------------------

export interface AttachmentStore {
  /** Records a new PENDING upload (its id is new: a clash is a bug, not a retry). */
  create(attachment: Attachment, expiresAt: Date): Promise<void>;
  get(attachmentId: string): Promise<Attachment | undefined>;
  /** The attachments that exist among `attachmentIds`, by id. */
  getMany(attachmentIds: readonly string[]): Promise<Map<string, Attachment>>;
  /**
   * Records the verdict on a PENDING upload (a verified one no longer expires). Returns false
   * when it was decided already: verdicts are final, a repeated event changes nothing.
   */
  decide(attachmentId: string, verdict: Verdict, at: string): Promise<boolean>;
  /** Notes that `dossierCode` references these attachments (download rights follow it). */
  addReference(attachmentIds: readonly string[], dossierCode: string): Promise<void>;
}

/** What the verifier reads of an upload's bytes, streamed once, and the version it read. */
export type UploadedObject = Measured & { versionId?: string | undefined };

/** The documents bucket, in the terms of uploads: keys come from attachment ids only. */
export interface DocumentStorage {
  /** Size, sha256 and the first and last bytes of a pending upload; undefined if it is gone. */
  measurePending(attachmentId: string): Promise<UploadedObject | undefined>;
  /** The malware scan's verdict tag on a pending upload, if any (GuardDuty). */
  scanResult(attachmentId: string): Promise<string | undefined>;
  /** Copies a pending upload to verified/ (idempotent), then deletes the pending bytes. */
  promote(attachmentId: string, versionId: string | undefined): Promise<void>;
  /** Deletes a pending upload's bytes: the version read, for good, so nothing is left to read. */
  discardPending(attachmentId: string, versionId: string | undefined): Promise<void>;
}

/** Upload policies of the documents bucket (S3 presigned POSTs). */
export interface UploadPolicies {
  /** A presigned POST for one pending upload, its policy binding size, type and sha256. */
  presignUpload(
    attachmentId: string,
    declaration: Declaration,
    expiresInSeconds: number,
  ): Promise<{ url: string; fields: Record<string, string> }>;
}

/** Short-lived links to verified documents (S3 presigned GETs, signed without a client). */
export interface DownloadLinks {
  /** A presigned GET of a verified upload. */
  presignDownload(attachmentId: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

// ---- report counters (stats) ------------------------------------------------------------------

/** What a dossier was last counted as: the rank of the image counted, where, and what. */
export type StoredContribution = {
  dossierCode: string;
  rank: number;
  bucket?: Bucket;
  counts: Counts;
  /** The dossier's `#SYNC` mark was seen: it counts as synced from then on (set once, never unset). */
  synced?: true;
};

/** The dossiers' portal sync marks (`#SYNC`), read consistently. */
export interface SyncMarks {
  /** Which of these dossiers have a mark. */
  marked(dossierCodes: readonly string[]): Promise<Set<string>>;
}

/** One dossier's move from what it was counted as (none yet) to what it counts now. */
export type ContributionChange = { previous?: StoredContribution; next: StoredContribution };

export interface StatsStore {
  /** The stored contributions of these dossiers (at most 100), by dossier code. */
  contributions(dossierCodes: readonly string[]): Promise<Map<string, StoredContribution>>;
  /**
   * Writes the contributions and adds their deltas to the counters, in transactions, each
   * contribution guarded by the rank and synced flag it was read at. False: another write got
   * there first.
   */
  apply(changes: readonly ContributionChange[]): Promise<boolean>;
  /** The counters of these buckets, summed over their shards and the buckets. */
  counters(buckets: readonly Bucket[]): Promise<Counts>;
}

// ---- legacy import ----------------------------------------------------------------------------

/** Where converted legacy dossiers are written. */
export interface LegacyDossierStore {
  /**
   * Writes each dossier with its event unless a dossier with its code is there already (that
   * one is left as it is). Returns the codes written and the codes found already there.
   */
  insertNew(filed: readonly FiledDossier[]): Promise<{ inserted: string[]; existing: string[] }>;
  /** Raises a unit-day's sequence counter to at least `value`, so new codes never reuse old ones. */
  raiseSequence(name: string, value: number): Promise<void>;
}

// ---- citizen-facing services -----------------------------------------------------------------

/** Lays a receipt out as a printable document (shared/adapters/receipt-pdf.ts: PDF). */
export interface ReceiptRenderer {
  render(receipt: ReceiptContent): Promise<Uint8Array>;
}

/** Records a dossier's satisfaction rating once: false when one is already stored. */
export interface RatingStore {
  recordRating(dossierCode: string, rating: Rating): Promise<boolean>;
}

// ---- payments ---------------------------------------------------------------------------------

/** What recording a paid callback did. */
export type PaidRecord =
  /** The payment is PAID and the dossier confirmed, in one transaction. */
  | 'confirmed'
  /** The payment is PAID; the dossier had moved on, so it is only marked paid online. */
  | 'recorded'
  /** Another callback decided the payment first: nothing written. */
  | 'already-decided';

export interface PaymentStore {
  /** Records a new PENDING payment (its id is new). */
  create(payment: Payment): Promise<void>;
  get(paymentId: string): Promise<Payment | undefined>;
  /** A dossier's payments, oldest first. */
  list(dossierCode: string): Promise<Payment[]>;
  /**
   * The payment becomes PAID (if still PENDING) and, with `decision`, the dossier's
   * CONFIRM_PAYMENT is written in the same transaction (guarded by status and version); when the
   * dossier moved meanwhile, the payment is recorded alone and the dossier marked paid online.
   */
  recordPaid(paid: Payment, decision: Decision | undefined): Promise<PaidRecord>;
  /** The payment becomes FAILED if still PENDING; whether it was written. */
  recordFailed(failed: Payment): Promise<boolean>;
}

/**
 * A payment gateway (the simulated one locally; VNPay, PayGov or another in a deployment): where
 * a citizen pays, and the secret its callbacks are signed with (docs/api.md, Payments).
 */
export interface PaymentGateway {
  /** The gateway page that pays this payment (signed request parameters). */
  payUrl(payment: Payment): Promise<string>;
  /** Whether `secureHash` is the gateway's signature of `fields`. */
  verify(fields: Readonly<Record<string, string>>, secureHash: string): Promise<boolean>;
}

// ---- notifications ----------------------------------------------------------------------------

export interface NotifyQueue {
  send(change: StatusChange): Promise<void>;
}

export interface NotificationStore {
  /**
   * Claims the message of a change on a channel (SENDING) for a lease: `done` when it was
   * already sent, captured or refused, or another delivery holds it, so a repeated queue message
   * sends nothing; a claim left SENDING by a sender that crashed is taken again once its lease
   * ended (the queue's retry comes later than that).
   */
  claim(notification: Notification): Promise<'claimed' | 'done'>;
  /** Records how the claimed message ended (state, sentAt, provider id or error). */
  finish(notification: Notification): Promise<void>;
  /** A dossier's messages, oldest first. */
  list(dossierCode: string): Promise<Notification[]>;
}

/** The outcome of handing one message to its provider. */
export type Delivery = { state: 'SENT' | 'CAPTURED'; providerMessageId?: string | undefined };

/** A provider refused the address for good: recorded FAILED, not retried. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** Where messages go: SES and End User Messaging in AWS, captured (or posted) locally. */
export interface NotificationTransport {
  /** The channels configured (email without a sender identity, SMS without an originator, are not). */
  readonly channels: readonly NotificationChannel[];
  /** Hands one message to its provider; throws PermanentDeliveryError, or anything else to retry. */
  send(
    channel: NotificationChannel,
    to: string,
    message: RenderedMessage,
    about: StatusChange,
  ): Promise<Delivery>;
}
