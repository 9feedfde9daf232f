/**
 * The dossier state machine: every action, who may take it (profile) and from which statuses,
 * and what it changes. Pure: storage applies the result as one conditional write.
 */
import { decidesFor, type Principal, type Profile } from './access.ts';
import { computeDueAt, resumeDueAt, type WorkingCalendar } from './calendar.ts';
import {
  type Dossier,
  digitize,
  type Fee,
  type Officer,
  provisionalFlag,
  type ResultDocument,
  type SubmittedDocument,
  type TimelineEvent,
} from './dossier.ts';
import { conflict, forbidden, validationError } from './errors.ts';
import type { DossierStatus } from './status.ts';
import { toVietnamIso } from './time.ts';
import { judgeTimeliness } from './timeliness.ts';

export const ACTIONS = [
  'ACCEPT',
  'REFUSE',
  'START',
  'REQUEST_SUPPLEMENT',
  'SUPPLEMENT',
  'REQUEST_PAYMENT',
  'CONFIRM_PAYMENT',
  'RESOLVE',
  'STOP',
  'WITHDRAW',
  'RETURN_RESULT',
] as const;
export type Action = (typeof ACTIONS)[number];

type Requirement = 'note' | 'documents' | 'fees';
export type TransitionRule = {
  who: readonly Profile[];
  from: readonly DossierStatus[];
  to: DossierStatus;
  requires?: Requirement;
};

const ACTIVE: DossierStatus[] = ['IN_PROGRESS', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED'];
/** The statuses a dossier ends in: its timeliness is judged (or dropped) on the way in. */
const ENDS: readonly DossierStatus[] = ['NOT_RECEIVED', 'RESOLVED', 'STOPPED', 'WITHDRAWN'];

export const TRANSITIONS: Record<Action, TransitionRule> = {
  ACCEPT: { who: ['center'], from: ['SUBMITTED'], to: 'RECEIVED' },
  REFUSE: { who: ['center'], from: ['SUBMITTED'], to: 'NOT_RECEIVED', requires: 'note' },
  START: { who: ['agency'], from: ['RECEIVED'], to: 'IN_PROGRESS' },
  REQUEST_SUPPLEMENT: {
    who: ['agency'],
    from: ['IN_PROGRESS'],
    to: 'SUPPLEMENT_REQUESTED',
    requires: 'note',
  },
  SUPPLEMENT: {
    who: ['portal', 'center'],
    from: ['SUPPLEMENT_REQUESTED'],
    to: 'IN_PROGRESS',
    requires: 'documents',
  },
  REQUEST_PAYMENT: { who: ['agency'], from: ['IN_PROGRESS'], to: 'PAYMENT_REQUESTED', requires: 'fees' },
  CONFIRM_PAYMENT: { who: ['portal', 'center'], from: ['PAYMENT_REQUESTED'], to: 'IN_PROGRESS' },
  RESOLVE: { who: ['agency'], from: ['IN_PROGRESS'], to: 'RESOLVED', requires: 'documents' },
  STOP: { who: ['agency'], from: ACTIVE, to: 'STOPPED', requires: 'note' },
  WITHDRAW: { who: ['portal', 'center'], from: ['SUBMITTED', 'RECEIVED', ...ACTIVE], to: 'WITHDRAWN' },
  RETURN_RESULT: { who: ['center'], from: ['RESOLVED'], to: 'RETURNED' },
};

export type ActionCommand = {
  action: Action;
  expectedVersion?: number;
  note?: string;
  documents?: ReadonlyArray<SubmittedDocument | ResultDocument>;
  fees?: readonly Fee[];
  officer?: Officer;
};

export type Decision = { next: Dossier; event: TimelineEvent };

/** Refusals carry the dossier's state so a client can re-read and retry. */
const stateConflict = (dossier: Dossier, message: string) =>
  conflict(message, { currentStatus: dossier.status, version: dossier.version });

/**
 * Decides one action on a dossier the actor may see:
 * 1. the actor's profile may take the action (an agency only on dossiers it decides, a
 *    unit-bound one only on its units' dossiers);
 * 2. `expectedVersion`, when given, is the current version;
 * 3. the current status allows it; 4. its required input is there;
 * 5. returns the next dossier (version + 1) and its timeline event.
 */
export function decide(
  dossier: Dossier,
  command: ActionCommand,
  actor: Principal,
  now: Date,
  calendar: WorkingCalendar,
): Decision {
  const rule = TRANSITIONS[command.action];
  if (!rule.who.includes(actor.profile)) {
    throw forbidden(`The ${actor.profile} profile may not ${command.action}`);
  }
  if (actor.profile === 'agency' && !decidesFor(actor, dossier)) {
    throw forbidden(
      actor.agencyId === dossier.agencyId
        ? `Only the clients of unit ${dossier.competentUnitId} act on dossier ${dossier.dossierCode}`
        : `Only agency system ${dossier.agencyId} acts on dossier ${dossier.dossierCode}`,
    );
  }
  if (command.expectedVersion !== undefined && command.expectedVersion !== dossier.version) {
    throw stateConflict(dossier, `Dossier is at version ${dossier.version}, not ${command.expectedVersion}`);
  }
  if (!rule.from.includes(dossier.status)) {
    throw stateConflict(dossier, `${command.action} is not allowed when the dossier is ${dossier.status}`);
  }
  checkRequirement(command, rule.requires);

  const at = toVietnamIso(now);
  const next: Dossier = { ...dossier, ...effects(dossier, command, now, calendar), status: rule.to };
  next.version = dossier.version + 1;
  if (next.dueAt && next.receivedAt && next.dueAt !== dossier.dueAt) {
    // A due date just computed (ACCEPT, SUPPLEMENT) says whether it rests on an unloaded year.
    const provisional = provisionalFlag(new Date(next.receivedAt), new Date(next.dueAt), calendar);
    if (provisional) next.calendarProvisional = provisional;
    else delete next.calendarProvisional;
  }
  if (ENDS.includes(rule.to)) {
    // Judged as it was when it ended: a pause still open stopped its clock (timeliness.ts).
    const timeliness = judgeTimeliness({ ...dossier, status: rule.to, finishedAt: at }, now);
    if (timeliness) next.timeliness = timeliness;
    else delete next.timeliness;
  }
  const event: TimelineEvent = {
    at,
    action: command.action,
    actor: actor.clientId,
    fromStatus: dossier.status,
    toStatus: rule.to,
    ...(command.note ? { note: command.note } : {}),
    ...(command.documents ? { documents: command.documents.map(broughtDocument) } : {}),
    ...(command.fees ? { fees: [...command.fees] } : {}),
    ...(command.officer ? { officer: command.officer } : {}),
    version: next.version,
  };
  return { next, event };
}

function checkRequirement(command: ActionCommand, requirement: Requirement | undefined): void {
  if (command.documents && requirement !== 'documents') {
    throw validationError(`${command.action} takes no documents`, [
      { path: 'documents', message: 'not expected' },
    ]);
  }
  if (command.fees && requirement !== 'fees') {
    throw validationError(`${command.action} takes no fees`, [{ path: 'fees', message: 'not expected' }]);
  }
  if (requirement === 'note' && !command.note) {
    throw validationError(`${command.action} needs a note`, [{ path: 'note', message: 'required' }]);
  }
  if (requirement === 'documents' && !command.documents?.length) {
    throw validationError(`${command.action} needs documents`, [
      { path: 'documents', message: 'at least one' },
    ]);
  }
  if (requirement === 'fees' && !command.fees?.length) {
    throw validationError(`${command.action} needs fees`, [{ path: 'fees', message: 'at least one' }]);
  }
}

/** A document an action brought, as its history entry records it: code, name and attachment. */
const broughtDocument = (doc: SubmittedDocument | ResultDocument): ResultDocument => ({
  documentCode: doc.documentCode,
  ...('name' in doc && doc.name ? { name: doc.name } : {}),
  ...(doc.attachmentId ? { attachmentId: doc.attachmentId } : {}),
});

/** A supplied document as the dossier keeps it. */
const suppliedDocument = ({
  documentCode,
  attachmentId,
}: SubmittedDocument | ResultDocument): SubmittedDocument => ({
  documentCode,
  ...(attachmentId ? { attachmentId } : {}),
});

/**
 * The dossier's documents after a supplement: a supplied document replaces the one with the same
 * code (the newer paper or file is the one that counts), others are added, in the order given.
 */
export function supplementDocuments(
  current: readonly SubmittedDocument[],
  supplied: readonly SubmittedDocument[],
): SubmittedDocument[] {
  const byCode = new Map(current.map((doc) => [doc.documentCode, doc]));
  for (const doc of supplied) byCode.set(doc.documentCode, digitize(doc));
  return [...byCode.values()];
}

/** The dossier's agency systems, with `agencyId` among them. */
const routedAlsoTo = (dossier: Dossier, agencyId: string): string[] =>
  dossier.routedTo.includes(agencyId) ? dossier.routedTo : [...dossier.routedTo, agencyId];

/** What each action changes besides the status and version. */
function effects(
  dossier: Dossier,
  command: ActionCommand,
  now: Date,
  calendar: WorkingCalendar,
): Partial<Dossier> {
  const at = toVietnamIso(now);
  switch (command.action) {
    case 'ACCEPT':
      return {
        routedTo: routedAlsoTo(dossier, dossier.agencyId),
        receivedAt: at,
        dueAt: toVietnamIso(computeDueAt(now, dossier.processing, calendar)),
      };
    case 'REQUEST_SUPPLEMENT':
      return { pausedAt: at, supplementRequests: (dossier.supplementRequests ?? 0) + 1 };
    case 'SUPPLEMENT': {
      const supplied = (command.documents ?? []).map(suppliedDocument);
      const documents = supplementDocuments(dossier.documents, supplied);
      if (!dossier.dueAt || !dossier.pausedAt) return { documents, pausedAt: undefined };
      const dueAt = resumeDueAt(new Date(dossier.dueAt), new Date(dossier.pausedAt), now, calendar);
      return { documents, pausedAt: undefined, dueAt: toVietnamIso(dueAt) };
    }
    case 'REQUEST_PAYMENT':
      return { fees: [...(command.fees ?? [])] };
    case 'RESOLVE': {
      const routedTo = dossier.resultDelivery === 'POSTAL' ? routedAlsoTo(dossier, 'post') : dossier.routedTo;
      return {
        finishedAt: at,
        results: [...((command.documents ?? []) as ResultDocument[])],
        routedTo,
      };
    }
    case 'REFUSE':
    case 'STOP':
    case 'WITHDRAW':
      return { finishedAt: at, pausedAt: undefined };
    case 'RETURN_RESULT':
      return { returnedAt: at };
    case 'CONFIRM_PAYMENT':
      // A clerk's confirmation: paid at the counter, unless an earlier payment went online.
      return { paidOnline: dossier.paidOnline ?? false };
    case 'START':
      return {};
  }
}
