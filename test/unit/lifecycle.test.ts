import { describe, expect, it } from 'vitest';
import type { Principal, Profile } from '#shared/domain/access.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { ACTIONS, type Action, type ActionCommand, decide } from '#shared/domain/lifecycle.ts';
import { DOSSIER_STATUSES, type DossierStatus } from '#shared/domain/status.ts';
import { calendar, principals } from '../fixtures/catalog.ts';

/** Tuesday 15 July 2025, 09:00 local: an ordinary working morning. */
const NOW = new Date('2025-07-15T09:00:00+07:00');

function dossier(status: DossierStatus, overrides: Partial<Dossier> = {}): Dossier {
  return {
    dossierCode: '000.21.01.H49-250715-0001',
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    centerId: 'hong-gai',
    competentUnitId: 'hong-gai-pc',
    agencyId: 'commune',
    category: 'OWN_AUTHORITY',
    channel: 'ONLINE',
    status,
    version: 3,
    submittedAt: '2025-07-14T09:00:00+07:00',
    receivedAt: '2025-07-14T09:30:00+07:00',
    dueAt: '2025-07-15T09:30:00+07:00',
    applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Hồng Gai' },
    summary: 'Đăng ký khai sinh',
    documents: [],
    resultDelivery: 'POSTAL',
    processing: { days: 1 },
    submittedBy: 'local-portal',
    routedTo: ['commune'],
    ...overrides,
  };
}

const actorOf: Record<Profile, Principal> = {
  portal: principals.portal,
  center: principals.hongGai,
  agency: principals.commune,
  admin: principals.admin,
};

const NOTE = { note: 'Ghi chú' };
const DOCUMENTS = { documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh' }] };
const FEES = { fees: [{ code: 'LP01', name: 'Lệ phí', amount: 8000 }] };

/**
 * The input each action requires by the contract (api.md, "Act"), written out by hand, so the
 * matrix below is about profile and status only.
 */
const VALID_INPUT: Record<Action, Omit<ActionCommand, 'action'>> = {
  ACCEPT: {},
  REFUSE: NOTE,
  START: {},
  REQUEST_SUPPLEMENT: NOTE,
  SUPPLEMENT: DOCUMENTS,
  REQUEST_PAYMENT: FEES,
  CONFIRM_PAYMENT: {},
  RESOLVE: DOCUMENTS,
  STOP: NOTE,
  WITHDRAW: {},
  RETURN_RESULT: {},
};

type Outcome = DossierStatus | 403 | 409;
const F = 403; // the profile may not take the action
const C = 409; // the profile may, but not from this status

/**
 * The contract's actions table (api.md, "Act": action | who | from → to), spelled out for every
 * status (rows) and profile (columns: portal, center, agency, admin). A cell is the status the
 * dossier moves to, 403 or 409. Written by hand: it must not be computed from `TRANSITIONS`.
 */
const EXPECTED: Record<Action, Record<DossierStatus, [Outcome, Outcome, Outcome, Outcome]>> = {
  ACCEPT: {
    SUBMITTED: [F, 'RECEIVED', F, F],
    RECEIVED: [F, C, F, F],
    NOT_RECEIVED: [F, C, F, F],
    IN_PROGRESS: [F, C, F, F],
    SUPPLEMENT_REQUESTED: [F, C, F, F],
    PAYMENT_REQUESTED: [F, C, F, F],
    WITHDRAWN: [F, C, F, F],
    STOPPED: [F, C, F, F],
    RESOLVED: [F, C, F, F],
    RETURNED: [F, C, F, F],
  },
  REFUSE: {
    SUBMITTED: [F, 'NOT_RECEIVED', F, F],
    RECEIVED: [F, C, F, F],
    NOT_RECEIVED: [F, C, F, F],
    IN_PROGRESS: [F, C, F, F],
    SUPPLEMENT_REQUESTED: [F, C, F, F],
    PAYMENT_REQUESTED: [F, C, F, F],
    WITHDRAWN: [F, C, F, F],
    STOPPED: [F, C, F, F],
    RESOLVED: [F, C, F, F],
    RETURNED: [F, C, F, F],
  },
  START: {
    SUBMITTED: [F, F, C, F],
    RECEIVED: [F, F, 'IN_PROGRESS', F],
    NOT_RECEIVED: [F, F, C, F],
    IN_PROGRESS: [F, F, C, F],
    SUPPLEMENT_REQUESTED: [F, F, C, F],
    PAYMENT_REQUESTED: [F, F, C, F],
    WITHDRAWN: [F, F, C, F],
    STOPPED: [F, F, C, F],
    RESOLVED: [F, F, C, F],
    RETURNED: [F, F, C, F],
  },
  REQUEST_SUPPLEMENT: {
    SUBMITTED: [F, F, C, F],
    RECEIVED: [F, F, C, F],
    NOT_RECEIVED: [F, F, C, F],
    IN_PROGRESS: [F, F, 'SUPPLEMENT_REQUESTED', F],
    SUPPLEMENT_REQUESTED: [F, F, C, F],
    PAYMENT_REQUESTED: [F, F, C, F],
    WITHDRAWN: [F, F, C, F],
    STOPPED: [F, F, C, F],
    RESOLVED: [F, F, C, F],
    RETURNED: [F, F, C, F],
  },
  SUPPLEMENT: {
    SUBMITTED: [C, C, F, F],
    RECEIVED: [C, C, F, F],
    NOT_RECEIVED: [C, C, F, F],
    IN_PROGRESS: [C, C, F, F],
    SUPPLEMENT_REQUESTED: ['IN_PROGRESS', 'IN_PROGRESS', F, F],
    PAYMENT_REQUESTED: [C, C, F, F],
    WITHDRAWN: [C, C, F, F],
    STOPPED: [C, C, F, F],
    RESOLVED: [C, C, F, F],
    RETURNED: [C, C, F, F],
  },
  REQUEST_PAYMENT: {
    SUBMITTED: [F, F, C, F],
    RECEIVED: [F, F, C, F],
    NOT_RECEIVED: [F, F, C, F],
    IN_PROGRESS: [F, F, 'PAYMENT_REQUESTED', F],
    SUPPLEMENT_REQUESTED: [F, F, C, F],
    PAYMENT_REQUESTED: [F, F, C, F],
    WITHDRAWN: [F, F, C, F],
    STOPPED: [F, F, C, F],
    RESOLVED: [F, F, C, F],
    RETURNED: [F, F, C, F],
  },
  CONFIRM_PAYMENT: {
    SUBMITTED: [C, C, F, F],
    RECEIVED: [C, C, F, F],
    NOT_RECEIVED: [C, C, F, F],
    IN_PROGRESS: [C, C, F, F],
    SUPPLEMENT_REQUESTED: [C, C, F, F],
    PAYMENT_REQUESTED: ['IN_PROGRESS', 'IN_PROGRESS', F, F],
    WITHDRAWN: [C, C, F, F],
    STOPPED: [C, C, F, F],
    RESOLVED: [C, C, F, F],
    RETURNED: [C, C, F, F],
  },
  RESOLVE: {
    SUBMITTED: [F, F, C, F],
    RECEIVED: [F, F, C, F],
    NOT_RECEIVED: [F, F, C, F],
    IN_PROGRESS: [F, F, 'RESOLVED', F],
    SUPPLEMENT_REQUESTED: [F, F, C, F],
    PAYMENT_REQUESTED: [F, F, C, F],
    WITHDRAWN: [F, F, C, F],
    STOPPED: [F, F, C, F],
    RESOLVED: [F, F, C, F],
    RETURNED: [F, F, C, F],
  },
  STOP: {
    SUBMITTED: [F, F, C, F],
    RECEIVED: [F, F, C, F],
    NOT_RECEIVED: [F, F, C, F],
    IN_PROGRESS: [F, F, 'STOPPED', F],
    SUPPLEMENT_REQUESTED: [F, F, 'STOPPED', F],
    PAYMENT_REQUESTED: [F, F, 'STOPPED', F],
    WITHDRAWN: [F, F, C, F],
    STOPPED: [F, F, C, F],
    RESOLVED: [F, F, C, F],
    RETURNED: [F, F, C, F],
  },
  WITHDRAW: {
    SUBMITTED: ['WITHDRAWN', 'WITHDRAWN', F, F],
    RECEIVED: ['WITHDRAWN', 'WITHDRAWN', F, F],
    NOT_RECEIVED: [C, C, F, F],
    IN_PROGRESS: ['WITHDRAWN', 'WITHDRAWN', F, F],
    SUPPLEMENT_REQUESTED: ['WITHDRAWN', 'WITHDRAWN', F, F],
    PAYMENT_REQUESTED: ['WITHDRAWN', 'WITHDRAWN', F, F],
    WITHDRAWN: [C, C, F, F],
    STOPPED: [C, C, F, F],
    RESOLVED: [C, C, F, F],
    RETURNED: [C, C, F, F],
  },
  RETURN_RESULT: {
    SUBMITTED: [F, C, F, F],
    RECEIVED: [F, C, F, F],
    NOT_RECEIVED: [F, C, F, F],
    IN_PROGRESS: [F, C, F, F],
    SUPPLEMENT_REQUESTED: [F, C, F, F],
    PAYMENT_REQUESTED: [F, C, F, F],
    WITHDRAWN: [F, C, F, F],
    STOPPED: [F, C, F, F],
    RESOLVED: [F, 'RETURNED', F, F],
    RETURNED: [F, C, F, F],
  },
};

const PROFILE_COLUMNS = ['portal', 'center', 'agency', 'admin'] as const;

/** What `decide` did: the status it moved to, or the HTTP status its refusal maps to. */
function outcomeOf(status: DossierStatus, action: Action, profile: Profile): Outcome | string {
  const before = dossier(status);
  try {
    const { next, event } = decide(
      before,
      { action, ...VALID_INPUT[action] },
      actorOf[profile],
      NOW,
      calendar,
    );
    // A move is only a move if the event records the same one.
    if (event.fromStatus !== status || event.toStatus !== next.status) return 'inconsistent event';
    return next.status;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.kind === 'forbidden') return 403;
    if (error.kind === 'conflict') return 409;
    return `${error.kind}: ${error.message}`;
  }
}

describe('the actions table', () => {
  it('covers every action and every status', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    for (const rows of Object.values(EXPECTED)) {
      expect(Object.keys(rows).sort()).toEqual([...DOSSIER_STATUSES].sort());
    }
  });

  for (const [action, rows] of Object.entries(EXPECTED) as [Action, (typeof EXPECTED)[Action]][]) {
    describe(action, () => {
      for (const [status, cells] of Object.entries(rows) as [DossierStatus, Outcome[]][]) {
        PROFILE_COLUMNS.forEach((profile, column) => {
          const expected = cells[column];
          it(`${action} from ${status} by ${profile} → ${expected}`, () => {
            expect(outcomeOf(status, action, profile)).toBe(expected);
          });
        });
      }
    });
  }
});

const kindOf = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
};

const refusalOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

/** For each action, one status and profile that may take it, by the contract. */
const ALLOWED_FROM: Record<Action, [DossierStatus, Profile]> = {
  ACCEPT: ['SUBMITTED', 'center'],
  REFUSE: ['SUBMITTED', 'center'],
  START: ['RECEIVED', 'agency'],
  REQUEST_SUPPLEMENT: ['IN_PROGRESS', 'agency'],
  SUPPLEMENT: ['SUPPLEMENT_REQUESTED', 'portal'],
  REQUEST_PAYMENT: ['IN_PROGRESS', 'agency'],
  CONFIRM_PAYMENT: ['PAYMENT_REQUESTED', 'center'],
  RESOLVE: ['IN_PROGRESS', 'agency'],
  STOP: ['PAYMENT_REQUESTED', 'agency'],
  WITHDRAW: ['RECEIVED', 'portal'],
  RETURN_RESULT: ['RESOLVED', 'center'],
};

const attempt = (action: Action, input: Omit<ActionCommand, 'action'>) => {
  const [status, profile] = ALLOWED_FROM[action];
  return () => decide(dossier(status), { action, ...input }, actorOf[profile], NOW, calendar);
};

describe('required input', () => {
  /** The field each action needs (api.md: note required, documents, fees required). */
  const REQUIRED: [Action, 'note' | 'documents' | 'fees', string][] = [
    ['REFUSE', 'note', 'required'],
    ['REQUEST_SUPPLEMENT', 'note', 'required'],
    ['STOP', 'note', 'required'],
    ['SUPPLEMENT', 'documents', 'at least one'],
    ['RESOLVE', 'documents', 'at least one'],
    ['REQUEST_PAYMENT', 'fees', 'at least one'],
  ];

  for (const [action, field, message] of REQUIRED) {
    it(`${action} without ${field} is a 400 naming ${field}`, () => {
      const error = refusalOf(attempt(action, {}));
      expect(error.kind).toBe('validation');
      expect(error.errors).toEqual([{ path: field, message }]);
    });
  }

  it('an empty note, document list or fee list does not count as given', () => {
    expect(refusalOf(attempt('STOP', { note: '' })).errors).toEqual([{ path: 'note', message: 'required' }]);
    expect(refusalOf(attempt('RESOLVE', { documents: [] })).errors).toEqual([
      { path: 'documents', message: 'at least one' },
    ]);
    expect(refusalOf(attempt('REQUEST_PAYMENT', { fees: [] })).errors).toEqual([
      { path: 'fees', message: 'at least one' },
    ]);
  });

  /** Which of documents and fees each action takes, by the contract. */
  const TAKES: Record<Action, { documents: boolean; fees: boolean }> = {
    ACCEPT: { documents: false, fees: false },
    REFUSE: { documents: false, fees: false },
    START: { documents: false, fees: false },
    REQUEST_SUPPLEMENT: { documents: false, fees: false },
    SUPPLEMENT: { documents: true, fees: false },
    REQUEST_PAYMENT: { documents: false, fees: true },
    CONFIRM_PAYMENT: { documents: false, fees: false },
    RESOLVE: { documents: true, fees: false },
    STOP: { documents: false, fees: false },
    WITHDRAW: { documents: false, fees: false },
    RETURN_RESULT: { documents: false, fees: false },
  };

  for (const [action, takes] of Object.entries(TAKES) as [Action, (typeof TAKES)[Action]][]) {
    if (!takes.documents) {
      it(`${action} refuses documents, naming the field`, () => {
        const error = refusalOf(attempt(action, { ...VALID_INPUT[action], ...DOCUMENTS }));
        expect(error.kind).toBe('validation');
        expect(error.errors).toEqual([{ path: 'documents', message: 'not expected' }]);
      });
    }
    if (!takes.fees) {
      it(`${action} refuses fees, naming the field`, () => {
        const error = refusalOf(attempt(action, { ...VALID_INPUT[action], ...FEES }));
        expect(error.kind).toBe('validation');
        expect(error.errors).toEqual([{ path: 'fees', message: 'not expected' }]);
      });
    }
  }

  it('a note is optional where not required, and recorded on the event when given', () => {
    const withNote = attempt('START', NOTE)();
    expect(withNote.event.note).toBe('Ghi chú');
    const without = attempt('START', {})();
    expect(without.event).not.toHaveProperty('note');
  });
});

describe('a decided transition', () => {
  it('moves to the rule’s status, bumps the version and records who did what', () => {
    const { next, event } = decide(
      dossier('RECEIVED'),
      { action: 'START' },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next).toMatchObject({ status: 'IN_PROGRESS', version: 4 });
    expect(event).toEqual({
      at: '2025-07-15T09:00:00+07:00',
      action: 'START',
      actor: 'local-agency-commune',
      fromStatus: 'RECEIVED',
      toStatus: 'IN_PROGRESS',
      version: 4,
    });
  });

  it('leaves the dossier it decided on as it was', () => {
    const before = dossier('IN_PROGRESS');
    const copy = structuredClone(before);
    decide(before, { action: 'RESOLVE', ...DOCUMENTS }, principals.commune, NOW, calendar);
    expect(before).toEqual(copy);
  });

  it('changes nothing but status and version on START and CONFIRM_PAYMENT, and RETURN_RESULT only adds returnedAt', () => {
    for (const action of ['START', 'CONFIRM_PAYMENT', 'RETURN_RESULT'] as const) {
      const [status, profile] = ALLOWED_FROM[action];
      const before = dossier(status);
      const { next } = decide(before, { action }, actorOf[profile], NOW, calendar);
      // A clerk's CONFIRM_PAYMENT also says the fees were paid at the counter (indicator 3.6).
      const paid = action === 'CONFIRM_PAYMENT' ? { paidOnline: false } : {};
      const returned = action === 'RETURN_RESULT' ? { returnedAt: '2025-07-15T09:00:00+07:00' } : {};
      expect(next).toEqual({ ...before, ...paid, ...returned, status: next.status, version: 4 });
    }
  });

  it('a clerk’s CONFIRM_PAYMENT keeps an earlier online payment', () => {
    const [status, profile] = ALLOWED_FROM.CONFIRM_PAYMENT;
    const before = { ...dossier(status), paidOnline: true };
    expect(
      decide(before, { action: 'CONFIRM_PAYMENT' }, actorOf[profile], NOW, calendar).next.paidOnline,
    ).toBe(true);
  });

  it('sets receivedAt and the due date on ACCEPT', () => {
    const submitted = dossier('SUBMITTED', {
      receivedAt: undefined,
      dueAt: undefined,
      processing: { days: 3 },
    });
    const { next } = decide(submitted, { action: 'ACCEPT' }, principals.hongGai, NOW, calendar);
    expect(next.receivedAt).toBe('2025-07-15T09:00:00+07:00');
    expect(next.dueAt).toBe('2025-07-18T09:00:00+07:00');
  });

  it('counts the due date on ACCEPT in working days, over the weekend', () => {
    // Accepted Thursday 17 July 10:00 with 3 working days: Fri, Mon, Tue → Tuesday 22 July 10:00.
    const submitted = dossier('SUBMITTED', {
      receivedAt: undefined,
      dueAt: undefined,
      processing: { days: 3 },
    });
    const { next } = decide(
      submitted,
      { action: 'ACCEPT' },
      principals.hongGai,
      new Date('2025-07-17T10:00:00+07:00'),
      calendar,
    );
    expect(next.dueAt).toBe('2025-07-22T10:00:00+07:00');
  });

  it('pauses the clock on REQUEST_SUPPLEMENT and moves the due date by the paused working time on SUPPLEMENT', () => {
    // Due Thursday 09:00; paused Tuesday 09:00 with 2 working days left; resumed Friday 09:00.
    const running = dossier('IN_PROGRESS', { dueAt: '2025-07-17T09:00:00+07:00' });
    const paused = decide(
      running,
      { action: 'REQUEST_SUPPLEMENT', note: 'Thiếu giấy chứng sinh' },
      principals.commune,
      NOW,
      calendar,
    ).next;
    expect(paused).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', pausedAt: '2025-07-15T09:00:00+07:00' });
    expect(paused.dueAt).toBe('2025-07-17T09:00:00+07:00');
    const resumed = decide(
      paused,
      { action: 'SUPPLEMENT', documents: [{ documentCode: 'TP02' }] },
      principals.portal,
      new Date('2025-07-18T09:00:00+07:00'),
      calendar,
    ).next;
    expect(resumed).toMatchObject({ status: 'IN_PROGRESS', dueAt: '2025-07-22T09:00:00+07:00' });
    expect(resumed.pausedAt).toBeUndefined();
    expect(resumed.supplementRequests).toBe(1);
  });

  it('counts every supplement request', () => {
    const { next } = decide(
      dossier('IN_PROGRESS', { supplementRequests: 2 }),
      { action: 'REQUEST_SUPPLEMENT', ...NOTE },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next.supplementRequests).toBe(3);
  });

  it('keeps the due date on a SUPPLEMENT to a dossier whose clock was not paused', () => {
    const { next } = decide(
      dossier('SUPPLEMENT_REQUESTED', { pausedAt: undefined }),
      { action: 'SUPPLEMENT', documents: [{ documentCode: 'TP02' }] },
      principals.hongGai,
      NOW,
      calendar,
    );
    expect(next.dueAt).toBe('2025-07-15T09:30:00+07:00');
    expect(next.documents).toEqual([{ documentCode: 'TP02', digitized: false }]);
  });

  it('refuses a stale expectedVersion with the current status and version', () => {
    try {
      decide(dossier('RECEIVED'), { action: 'START', expectedVersion: 2 }, principals.commune, NOW, calendar);
      expect.unreachable('a stale version must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('conflict');
      expect((error as DomainError).extensions).toEqual({ currentStatus: 'RECEIVED', version: 3 });
    }
  });

  it('accepts the current expectedVersion', () => {
    const { next } = decide(
      dossier('RECEIVED'),
      { action: 'START', expectedVersion: 3 },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next.version).toBe(4);
  });

  it('refuses a status the action is not allowed from with the current status and version', () => {
    const error = refusalOf(() =>
      decide(dossier('RESOLVED'), { action: 'START' }, principals.commune, NOW, calendar),
    );
    expect(error.extensions).toEqual({ currentStatus: 'RESOLVED', version: 3 });
  });

  it('lets only the deciding agency act', () => {
    expect(
      kindOf(() => decide(dossier('RECEIVED'), { action: 'START' }, principals.police, NOW, calendar)),
    ).toBe('forbidden');
  });

  it('keeps supplied documents in the shape of submitted ones, after those already there', () => {
    const paused = dossier('SUPPLEMENT_REQUESTED', {
      pausedAt: '2025-07-15T08:00:00+07:00',
      documents: [{ documentCode: 'TP01', attachmentId: 'a0' }],
    });
    const { next } = decide(
      paused,
      {
        action: 'SUPPLEMENT',
        documents: [
          { documentCode: 'TP02', name: 'Giấy chứng sinh', attachmentId: 'a1' },
          { documentCode: 'TP03', name: 'Bản sao' },
        ],
      },
      principals.portal,
      NOW,
      calendar,
    );
    expect(next.documents).toEqual([
      { documentCode: 'TP01', attachmentId: 'a0' },
      { documentCode: 'TP02', attachmentId: 'a1', digitized: true },
      { documentCode: 'TP03', digitized: false },
    ]);
  });

  it('replaces the document of the same code with the supplied one, and records what was supplied', () => {
    const paused = dossier('SUPPLEMENT_REQUESTED', {
      pausedAt: '2025-07-15T08:00:00+07:00',
      documents: [
        { documentCode: 'TP01', attachmentId: 'old', digitized: true },
        { documentCode: 'TP02', digitized: false },
      ],
    });
    const { next, event } = decide(
      paused,
      {
        action: 'SUPPLEMENT',
        documents: [{ documentCode: 'TP01', name: 'Tờ khai (bản đúng)', attachmentId: 'new' }],
      },
      principals.portal,
      NOW,
      calendar,
    );
    expect(next.documents).toEqual([
      { documentCode: 'TP01', attachmentId: 'new', digitized: true },
      { documentCode: 'TP02', digitized: false },
    ]);
    expect(event.documents).toEqual([
      { documentCode: 'TP01', name: 'Tờ khai (bản đúng)', attachmentId: 'new' },
    ]);
  });

  it('lists the result documents of a RESOLVE on the dossier and in its history entry', () => {
    const { next, event } = decide(
      dossier('IN_PROGRESS'),
      {
        action: 'RESOLVE',
        documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: 'result-1' }],
      },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next.results).toEqual([
      { documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: 'result-1' },
    ]);
    expect(event.documents).toEqual(next.results);
  });

  it('routes an ONLINE dossier to its agency only when the center accepts it', () => {
    const submitted = dossier('SUBMITTED', { routedTo: [], receivedAt: undefined, dueAt: undefined });
    expect(decide(submitted, { action: 'ACCEPT' }, principals.hongGai, NOW, calendar).next.routedTo).toEqual([
      'commune',
    ]);
    const already = dossier('SUBMITTED', { routedTo: ['commune'], receivedAt: undefined, dueAt: undefined });
    expect(decide(already, { action: 'ACCEPT' }, principals.hongGai, NOW, calendar).next.routedTo).toEqual([
      'commune',
    ]);
  });

  it('keeps the fees asked for on REQUEST_PAYMENT', () => {
    const { next } = decide(
      dossier('IN_PROGRESS'),
      { action: 'REQUEST_PAYMENT', ...FEES },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next.fees).toEqual([{ code: 'LP01', name: 'Lệ phí', amount: 8000 }]);
  });

  it('routes a POSTAL result to the post on RESOLVE and judges timeliness', () => {
    const { next } = decide(
      dossier('IN_PROGRESS'),
      { action: 'RESOLVE', ...DOCUMENTS },
      principals.commune,
      NOW,
      calendar,
    );
    expect(next.routedTo).toEqual(['commune', 'post']);
    expect(next.finishedAt).toBe('2025-07-15T09:00:00+07:00');
    expect(next.results).toEqual([{ documentCode: 'KQ01', name: 'Giấy khai sinh' }]);
    expect(next.timeliness).toBe('ON_TIME');
  });

  it('does not route a result collected at the counter, nor route the post twice', () => {
    const resolve = (overrides: Partial<Dossier>) =>
      decide(
        dossier('IN_PROGRESS', overrides),
        { action: 'RESOLVE', ...DOCUMENTS },
        principals.commune,
        NOW,
        calendar,
      ).next.routedTo;
    expect(resolve({ resultDelivery: 'COUNTER' })).toEqual(['commune']);
    expect(resolve({ routedTo: ['commune', 'post'] })).toEqual(['commune', 'post']);
  });

  it('judges STOP and REFUSE after a supplement, drops timeliness on WITHDRAW, and makes two supplement requests LATE', () => {
    const act = (status: DossierStatus, action: Action, actor: Principal, overrides: Partial<Dossier> = {}) =>
      decide(dossier(status, overrides), { action, ...VALID_INPUT[action] }, actor, NOW, calendar).next;
    const early = { dueAt: '2025-07-18T09:30:00+07:00' };
    expect(act('IN_PROGRESS', 'STOP', principals.commune, early).timeliness).toBe('EARLY');
    expect(act('IN_PROGRESS', 'STOP', principals.commune).timeliness).toBe('ON_TIME');
    expect(
      act('IN_PROGRESS', 'RESOLVE', principals.commune, { ...early, supplementRequests: 2 }).timeliness,
    ).toBe('LATE');
    expect(act('IN_PROGRESS', 'WITHDRAW', principals.portal, { timeliness: 'OVERDUE' })).not.toHaveProperty(
      'timeliness',
    );
    expect(
      act('SUBMITTED', 'REFUSE', principals.hongGai, { receivedAt: undefined, dueAt: undefined }),
    ).not.toHaveProperty('timeliness');
  });

  it('flags a due date computed into a year without calendar data, and clears it on a recomputation that is not', () => {
    const accepted = decide(
      dossier('SUBMITTED', { receivedAt: undefined, dueAt: undefined, processing: { days: 30 } }),
      { action: 'ACCEPT' },
      principals.hongGai,
      new Date('2026-11-27T09:00:00+07:00'),
      calendar,
    ).next;
    expect(accepted.dueAt).toBe('2027-01-11T09:00:00+07:00');
    expect(accepted.calendarProvisional).toBe(true);
    const inYear = decide(
      dossier('SUBMITTED', { receivedAt: undefined, dueAt: undefined }),
      { action: 'ACCEPT' },
      principals.hongGai,
      NOW,
      calendar,
    ).next;
    expect(inYear.calendarProvisional).toBeUndefined();
    // A supplement moves the due date: the flag follows the new one.
    const supplied = decide(
      dossier('SUPPLEMENT_REQUESTED', { calendarProvisional: true, pausedAt: '2025-07-15T08:00:00+07:00' }),
      { action: 'SUPPLEMENT', ...DOCUMENTS },
      principals.portal,
      NOW,
      calendar,
    ).next;
    expect(supplied.dueAt).toBe('2025-07-15T10:30:00+07:00');
    expect(supplied).not.toHaveProperty('calendarProvisional');
  });

  it('judges a result EARLY before the due day, LATE after the due moment, and not at all without one', () => {
    const resolveAt = (at: string, overrides: Partial<Dossier> = {}) =>
      decide(
        dossier('IN_PROGRESS', overrides),
        { action: 'RESOLVE', ...DOCUMENTS },
        principals.commune,
        new Date(at),
        calendar,
      ).next;
    expect(resolveAt('2025-07-14T16:00:00+07:00').timeliness).toBe('EARLY');
    expect(resolveAt('2025-07-15T09:30:00+07:00').timeliness).toBe('ON_TIME');
    expect(resolveAt('2025-07-15T09:31:00+07:00').timeliness).toBe('LATE');
    expect(resolveAt('2025-07-15T09:00:00+07:00', { dueAt: undefined })).not.toHaveProperty('timeliness');
  });

  it('finishes the dossier and stops the clock on REFUSE, STOP and WITHDRAW', () => {
    const cases: [Action, DossierStatus, Principal][] = [
      ['REFUSE', 'SUBMITTED', principals.hongGai],
      ['STOP', 'SUPPLEMENT_REQUESTED', principals.commune],
      ['WITHDRAW', 'SUPPLEMENT_REQUESTED', principals.portal],
    ];
    for (const [action, status, actor] of cases) {
      const before = dossier(status, { pausedAt: '2025-07-15T08:00:00+07:00' });
      const { next } = decide(before, { action, ...VALID_INPUT[action] }, actor, NOW, calendar);
      expect(next.finishedAt, action).toBe('2025-07-15T09:00:00+07:00');
      expect(next.pausedAt, action).toBeUndefined();
    }
  });

  it('requires a note to REFUSE', () => {
    expect(
      kindOf(() => decide(dossier('SUBMITTED'), { action: 'REFUSE' }, principals.hongGai, NOW, calendar)),
    ).toBe('validation');
  });
});

describe('what a refusal says', () => {
  // The message is the problem's detail, so a client (and an officer) can tell why.
  it('names the profile, the agency system, the version or the status that stands in the way', () => {
    const cases: [() => unknown, string][] = [
      [
        () => decide(dossier('SUBMITTED'), { action: 'ACCEPT' }, principals.portal, NOW, calendar),
        'The portal profile may not ACCEPT',
      ],
      [
        () => decide(dossier('RECEIVED'), { action: 'START' }, principals.police, NOW, calendar),
        'Only agency system commune acts on dossier 000.21.01.H49-250715-0001',
      ],
      [
        () =>
          decide(
            dossier('RECEIVED'),
            { action: 'START', expectedVersion: 2 },
            principals.commune,
            NOW,
            calendar,
          ),
        'Dossier is at version 3, not 2',
      ],
      [
        () => decide(dossier('RESOLVED'), { action: 'START' }, principals.commune, NOW, calendar),
        'START is not allowed when the dossier is RESOLVED',
      ],
      [attempt('STOP', {}), 'STOP needs a note'],
      [attempt('RESOLVE', {}), 'RESOLVE needs documents'],
      [attempt('REQUEST_PAYMENT', {}), 'REQUEST_PAYMENT needs fees'],
      [attempt('START', DOCUMENTS), 'START takes no documents'],
      [attempt('RESOLVE', { ...DOCUMENTS, ...FEES }), 'RESOLVE takes no fees'],
    ];
    for (const [run, message] of cases) expect(refusalOf(run).message).toBe(message);
  });
});

describe('what the history keeps for the portal sync', () => {
  const OFFICER = { name: 'Trần Thị Bình', title: 'Chuyên viên', department: 'Văn phòng UBND phường' };

  it('keeps the acting officer on the history entry', () => {
    const { event } = decide(
      dossier('RECEIVED'),
      { action: 'START', officer: OFFICER },
      principals.commune,
      NOW,
      calendar,
    );
    expect(event.officer).toEqual(OFFICER);
  });

  it('leaves the officer out when the caller names none', () => {
    const { event } = decide(dossier('RECEIVED'), { action: 'START' }, principals.commune, NOW, calendar);
    expect(event).not.toHaveProperty('officer');
  });

  it('keeps the fees of a REQUEST_PAYMENT on its history entry', () => {
    const { event } = decide(
      dossier('IN_PROGRESS'),
      { action: 'REQUEST_PAYMENT', ...FEES },
      principals.commune,
      NOW,
      calendar,
    );
    expect(event.fees).toEqual(FEES.fees);
  });

  it('records returnedAt on RETURN_RESULT', () => {
    const { next } = decide(
      dossier('RESOLVED'),
      { action: 'RETURN_RESULT' },
      principals.hongGai,
      NOW,
      calendar,
    );
    expect(next.returnedAt).toBe('2025-07-15T09:00:00+07:00');
  });
});
