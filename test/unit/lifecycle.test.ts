import { describe, expect, it } from 'vitest';
import type { Principal, Profile } from '#shared/domain/access.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { ACTIONS, type Action, type ActionCommand, decide, TRANSITIONS } from '#shared/domain/lifecycle.ts';
import { DOSSIER_STATUSES, type DossierStatus } from '#shared/domain/status.ts';
import { calendar, principals } from '../fixtures/catalog.ts';

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

/** The input each action requires, so refusals below are about status and profile only. */
const command = (action: Action): ActionCommand => ({
  action,
  note: 'Ghi chú',
  ...(TRANSITIONS[action].requires === 'documents'
    ? { documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh' }] }
    : {}),
  ...(TRANSITIONS[action].requires === 'fees'
    ? { fees: [{ code: 'LP01', name: 'Lệ phí', amount: 8000 }] }
    : {}),
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

describe('the actions table', () => {
  for (const action of ACTIONS) {
    const rule = TRANSITIONS[action];
    for (const status of DOSSIER_STATUSES) {
      for (const profile of ['portal', 'center', 'agency', 'admin'] as const) {
        const allowed = rule.from.includes(status) && rule.who.includes(profile);
        const expected = allowed ? 'allowed' : rule.who.includes(profile) ? 'conflict' : 'forbidden';
        it(`${action} from ${status} by ${profile} is ${expected}`, () => {
          const outcome = kindOf(() =>
            decide(dossier(status), command(action), actorOf[profile], NOW, calendar),
          );
          expect(outcome).toBe(expected);
        });
      }
    }
  }
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

  it('lets only the deciding agency act', () => {
    expect(
      kindOf(() => decide(dossier('RECEIVED'), { action: 'START' }, principals.police, NOW, calendar)),
    ).toBe('forbidden');
  });

  it('refuses input an action does not take (fees on START), naming it', () => {
    try {
      decide(
        dossier('RECEIVED'),
        { action: 'START', fees: [{ code: 'LP01', name: 'Lệ phí', amount: 1 }] },
        principals.commune,
        NOW,
        calendar,
      );
      expect.unreachable('fees on START must be refused');
    } catch (error) {
      expect((error as DomainError).errors).toEqual([{ path: 'fees', message: 'not expected' }]);
    }
  });

  it('keeps supplied documents in the shape of submitted ones', () => {
    const paused = dossier('SUPPLEMENT_REQUESTED', { pausedAt: '2025-07-15T08:00:00+07:00' });
    const { next } = decide(
      paused,
      {
        action: 'SUPPLEMENT',
        documents: [{ documentCode: 'TP02', name: 'Giấy chứng sinh', attachmentId: 'a1' }],
      },
      principals.portal,
      NOW,
      calendar,
    );
    expect(next.documents).toEqual([{ documentCode: 'TP02', attachmentId: 'a1' }]);
  });

  it('routes an ONLINE dossier to its agency only when the center accepts it', () => {
    const submitted = dossier('SUBMITTED', { routedTo: [], receivedAt: undefined, dueAt: undefined });
    expect(decide(submitted, { action: 'ACCEPT' }, principals.hongGai, NOW, calendar).next.routedTo).toEqual([
      'commune',
    ]);
  });

  it('requires a note to REFUSE', () => {
    expect(
      kindOf(() => decide(dossier('SUBMITTED'), { action: 'REFUSE' }, principals.hongGai, NOW, calendar)),
    ).toBe('validation');
  });

  it('routes a POSTAL result to the post on RESOLVE and judges timeliness', () => {
    const { next } = decide(dossier('IN_PROGRESS'), command('RESOLVE'), principals.commune, NOW, calendar);
    expect(next.routedTo).toEqual(['commune', 'post']);
    expect(next.finishedAt).toBe('2025-07-15T09:00:00+07:00');
    expect(next.timeliness).toBe('ON_TIME');
  });
});
