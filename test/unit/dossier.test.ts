import { describe, expect, it } from 'vitest';
import { UNITS } from '#shared/config/seed-catalog.ts';
import {
  categorize,
  checkSubmission,
  clockRuns,
  openDossier,
  processingTimeOf,
  resolveCompetentUnit,
} from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import {
  BIRTH_REGISTRATION,
  CRIMINAL_RECORD,
  calendar,
  center,
  principals,
  procedure,
  submission,
} from '../fixtures/catalog.ts';

/** Birth registration with recognition of parents (1.000689): no published online level, so NONE. */
const NOT_ONLINE = '1.000689';

const unit = (unitId: string) => {
  const found = UNITS.find((u) => u.unitId === unitId);
  if (!found) throw new Error(unitId);
  return found;
};

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('category of a dossier', () => {
  it("is OWN_AUTHORITY when the center's own unit decides", () => {
    expect(categorize(center('hong-gai'), unit('hong-gai-pc'))).toBe('OWN_AUTHORITY');
  });
  it('is BOUNDARY_FREE when another commune/ward decides', () => {
    expect(categorize(center('hong-gai'), unit('bai-chay-pc'))).toBe('BOUNDARY_FREE');
  });
  it('is BOUNDARY_FREE when a provincial department decides', () => {
    expect(categorize(center('hong-gai'), unit('dept-justice'))).toBe('BOUNDARY_FREE');
  });
  it('is VERTICAL when a vertical agency decides', () => {
    expect(categorize(center('hong-gai'), unit('provincial-police'))).toBe('VERTICAL');
  });
});

describe('competent unit', () => {
  it("defaults to the center's own unit for a commune procedure", () => {
    const resolved = resolveCompetentUnit(
      procedure(BIRTH_REGISTRATION),
      center('tien-yen'),
      UNITS,
      undefined,
    );
    expect(resolved.unitId).toBe('tien-yen-pc');
  });

  it("defaults to the procedure's unit for a vertical one", () => {
    const resolved = resolveCompetentUnit(procedure(CRIMINAL_RECORD), center('tien-yen'), UNITS, undefined);
    expect(resolved).toMatchObject({ unitId: 'provincial-police', agencyId: 'police' });
  });

  it('accepts another commune, boundary-free', () => {
    const resolved = resolveCompetentUnit(
      procedure(BIRTH_REGISTRATION),
      center('hong-gai'),
      UNITS,
      'uong-bi-pc',
    );
    expect(resolved.unitId).toBe('uong-bi-pc');
  });

  it('refuses a unit of the wrong kind with a 422 naming competentUnitId', () => {
    const error = rejection(() =>
      resolveCompetentUnit(procedure(BIRTH_REGISTRATION), center('hong-gai'), UNITS, 'provincial-police'),
    );
    expect(error.kind).toBe('business-rule');
    expect(error.errors[0]?.path).toBe('competentUnitId');
  });

  it('refuses an unknown unit', () => {
    const error = rejection(() =>
      resolveCompetentUnit(procedure(BIRTH_REGISTRATION), center('hong-gai'), UNITS, 'nowhere'),
    );
    expect(error.kind).toBe('business-rule');
  });
});

describe('submission rules', () => {
  it('accepts a complete DIRECT submission', () => {
    expect(() => checkSubmission(procedure(BIRTH_REGISTRATION), submission())).not.toThrow();
  });

  it('accepts an ONLINE submission of a procedure offered partly online', () => {
    const partial = procedure('1.000894'); // marriage registration: PARTIAL
    expect(partial.onlineLevel).toBe('PARTIAL');
    expect(() =>
      checkSubmission(partial, submission({ procedureCode: partial.code, channel: 'ONLINE' })),
    ).not.toThrow();
  });

  it('refuses an ONLINE submission of a procedure not offered online', () => {
    const none = procedure(NOT_ONLINE);
    expect(none.onlineLevel).toBe('NONE');
    const error = rejection(() =>
      checkSubmission(none, submission({ procedureCode: none.code, channel: 'ONLINE' })),
    );
    expect(error.kind).toBe('business-rule');
    expect(error.errors[0]?.path).toBe('procedureCode');
  });

  it('refuses a missing mandatory document, naming it', () => {
    const request = submission();
    request.documents = request.documents.slice(1);
    const error = rejection(() => checkSubmission(procedure(BIRTH_REGISTRATION), request));
    expect(error.kind).toBe('business-rule');
    expect(error.errors.map((e) => e.message).join()).toContain('TP01');
  });

  it('refuses an ONLINE document without its attachment', () => {
    const request = submission({ channel: 'ONLINE' });
    request.documents = request.documents.map(({ documentCode }) => ({ documentCode }));
    const error = rejection(() => checkSubmission(procedure(BIRTH_REGISTRATION), request));
    expect(error.errors[0]?.path).toBe('documents.0.attachmentId');
  });

  it('refuses a document code the procedure does not have', () => {
    const request = submission();
    request.documents.push({ documentCode: 'TP99' });
    const error = rejection(() => checkSubmission(procedure(BIRTH_REGISTRATION), request));
    expect(error.errors.some((e) => e.path.endsWith('.documentCode'))).toBe(true);
  });
});

describe('opening a dossier', () => {
  const open = (channel: 'ONLINE' | 'DIRECT' | 'POSTAL', now: Date) =>
    openDossier({
      request: submission({ channel }),
      procedure: procedure(BIRTH_REGISTRATION),
      center: center('hong-gai'),
      competentUnit: unit('hong-gai-pc'),
      dossierCode: '000.21.01.H49-250715-0001',
      submittedBy: channel === 'ONLINE' ? principals.portal : principals.hongGai,
      now,
      calendar,
    });

  it('starts an ONLINE dossier in SUBMITTED with no due date yet', () => {
    const { dossier, event } = open('ONLINE', new Date('2025-07-15T09:00:00+07:00'));
    expect(dossier).toMatchObject({ status: 'SUBMITTED', version: 1, category: 'OWN_AUTHORITY' });
    expect(dossier.dueAt).toBeUndefined();
    expect(event).toMatchObject({ action: 'SUBMIT', toStatus: 'SUBMITTED', actor: 'local-portal' });
  });

  it('receives a DIRECT dossier at once, due one working day later', () => {
    // Friday 10:00 + 1 working day (birth registration) = Monday 10:00
    const { dossier } = open('DIRECT', new Date('2025-07-18T10:00:00+07:00'));
    expect(dossier).toMatchObject({
      status: 'RECEIVED',
      receivedAt: '2025-07-18T10:00:00+07:00',
      dueAt: '2025-07-21T10:00:00+07:00',
      routedTo: ['commune'],
      submittedBy: 'local-center-hong-gai',
    });
  });

  it('counts processing hours and honours a same-day cut-off of the procedure', () => {
    const withCutoff = {
      ...procedure(BIRTH_REGISTRATION),
      processingDays: 0,
      processingHours: 4,
      sameDayCutoff: '15:00',
    };
    const openAt = (now: string) =>
      openDossier({
        request: submission(),
        procedure: withCutoff,
        center: center('hong-gai'),
        competentUnit: unit('hong-gai-pc'),
        dossierCode: '000.21.01.H49-250715-0002',
        submittedBy: principals.hongGai,
        now: new Date(now),
        calendar,
      }).dossier.dueAt;
    // Before the cut-off: 4 office hours from 09:00 run past the lunch break to 15:00.
    expect(openAt('2025-07-15T09:00:00+07:00')).toBe('2025-07-15T15:00:00+07:00');
    // After it: the clock starts the next working morning.
    expect(openAt('2025-07-15T15:30:00+07:00')).toBe('2025-07-16T11:00:00+07:00');
  });

  it('skips the days off of the calendar (Tết 2026) when computing the due date', () => {
    const { dossier } = open('POSTAL', new Date('2026-02-13T10:00:00+07:00'));
    expect(dossier.dueAt).toBe('2026-02-23T10:00:00+07:00');
  });
});

describe('the processing clock', () => {
  it('runs while the dossier is received and unfinished, except while paused for a supplement', () => {
    // By hand from domain.md: the clock starts at receipt, pauses for a supplement, stops at the end.
    const runs: Record<string, boolean> = {
      SUBMITTED: false,
      RECEIVED: true,
      NOT_RECEIVED: false,
      IN_PROGRESS: true,
      SUPPLEMENT_REQUESTED: false,
      PAYMENT_REQUESTED: true,
      WITHDRAWN: false,
      STOPPED: false,
      RESOLVED: false,
      RETURNED: false,
    };
    for (const [status, expected] of Object.entries(runs)) {
      const dossier = { status: status as 'RECEIVED', dueAt: '2025-07-16T09:00:00+07:00' };
      expect(clockRuns(dossier), status).toBe(expected);
    }
  });

  it('does not run without a due date, nor once the dossier is found overdue', () => {
    expect(clockRuns({ status: 'IN_PROGRESS' })).toBe(false);
    expect(
      clockRuns({ status: 'IN_PROGRESS', dueAt: '2025-07-16T09:00:00+07:00', timeliness: 'OVERDUE' }),
    ).toBe(false);
    expect(
      clockRuns({ status: 'IN_PROGRESS', dueAt: '2025-07-16T09:00:00+07:00', timeliness: 'ON_TIME' }),
    ).toBe(true);
  });

  it("takes a procedure's days, and its hours and cut-off only where it has them", () => {
    const birth = procedure(BIRTH_REGISTRATION);
    expect(processingTimeOf({ ...birth, processingDays: 3, processingHours: undefined })).toEqual({
      days: 3,
    });
    expect(
      processingTimeOf({ ...birth, processingDays: 0, processingHours: 4, sameDayCutoff: '15:00' }),
    ).toEqual({
      days: 0,
      hours: 4,
      sameDayCutoff: '15:00',
    });
  });

  it('reads processingDays in its processingUnit: calendar days or months instead of working days', () => {
    const birth = procedure(BIRTH_REGISTRATION);
    expect(processingTimeOf({ ...birth, processingDays: 15, processingUnit: 'CALENDAR_DAYS' })).toEqual({
      calendarDays: 15,
    });
    expect(processingTimeOf({ ...birth, processingDays: 2, processingUnit: 'MONTHS' })).toEqual({
      months: 2,
    });
    expect(processingTimeOf({ ...birth, processingDays: 2, processingUnit: 'WORKING_DAYS' })).toEqual({
      days: 2,
    });
  });
});

describe('what a refusal names', () => {
  it('names the competent unit that does not exist, or that none was found', () => {
    const unknown = rejection(() =>
      resolveCompetentUnit(procedure(BIRTH_REGISTRATION), center('hong-gai'), UNITS, 'nowhere'),
    );
    expect(unknown.message).toBe('Unknown competent unit nowhere');
    expect(unknown.errors).toEqual([{ path: 'competentUnitId', message: 'no such unit' }]);
    const withoutDefault = { ...procedure(CRIMINAL_RECORD), defaultCompetentUnitId: undefined };
    const none = rejection(() => resolveCompetentUnit(withoutDefault, center('hong-gai'), UNITS, undefined));
    expect(none.message).toBe('Unknown competent unit (none)');
  });

  it('names the kind a procedure needs when the unit is of another kind', () => {
    const error = rejection(() =>
      resolveCompetentUnit(procedure(BIRTH_REGISTRATION), center('hong-gai'), UNITS, 'provincial-police'),
    );
    expect(error.message).toBe('Procedure 1.001193 is decided by a COMMUNE_PC unit');
    expect(error.errors).toEqual([
      { path: 'competentUnitId', message: 'provincial-police is a VERTICAL_AGENCY, not a COMMUNE_PC' },
    ]);
  });

  it('refuses a unit of the right kind that belongs to another agency system', () => {
    const error = rejection(() =>
      resolveCompetentUnit(procedure(CRIMINAL_RECORD), center('hong-gai'), UNITS, 'tax-office'),
    );
    expect(error.kind).toBe('business-rule');
    expect(error.message).toBe('Procedure 3.000333 is decided through agency system police');
    expect(error.errors).toEqual([{ path: 'competentUnitId', message: 'tax-office belongs to tax' }]);
  });

  it('lists every document problem of a submission, each at its path', () => {
    const request = submission({ channel: 'ONLINE' });
    request.documents = [{ documentCode: 'TP99' }, ...request.documents.slice(1)];
    const error = rejection(() => checkSubmission(procedure(BIRTH_REGISTRATION), request));
    expect(error.message).toBe('The documents do not satisfy the procedure');
    expect(error.errors).toEqual([
      { path: 'documents.0.documentCode', message: 'not a document of procedure 1.001193' },
      {
        path: 'documents.0.attachmentId',
        message: 'an ONLINE dossier attaches every document (TP99 has no attachment)',
      },
      { path: 'documents', message: expect.stringMatching(/^mandatory document TP01 \(.+\) is missing$/) },
    ]);
  });

  it('names the online level of a procedure not offered online', () => {
    const error = rejection(() =>
      checkSubmission(procedure(NOT_ONLINE), submission({ procedureCode: NOT_ONLINE, channel: 'ONLINE' })),
    );
    expect(error.message).toBe(`Procedure ${NOT_ONLINE} is not offered online`);
    expect(error.errors).toEqual([{ path: 'procedureCode', message: 'online level NONE' }]);
  });

  it('files a procedure not offered online at the counter', () => {
    expect(() =>
      checkSubmission(procedure(NOT_ONLINE), submission({ procedureCode: NOT_ONLINE })),
    ).not.toThrow();
  });

  it('names each missing mandatory document of an ONLINE dossier by its code', () => {
    const request = submission({ channel: 'ONLINE' });
    const error = rejection(() =>
      checkSubmission(procedure(BIRTH_REGISTRATION), { ...request, documents: request.documents.slice(1) }),
    );
    expect(error.errors).toEqual([
      { path: 'documents', message: expect.stringMatching(/^mandatory document TP01 \(.+\) is missing$/) },
    ]);
  });
});

describe('documents of an opened dossier', () => {
  it('records each document as digitized when it came with an attachment', () => {
    const request = submission();
    request.documents = [
      { documentCode: 'TP01', attachmentId: 'scan-1' },
      { documentCode: 'TP02', copies: 2 },
    ];
    const { dossier } = openDossier({
      request,
      procedure: procedure(BIRTH_REGISTRATION),
      center: center('hong-gai'),
      competentUnit: unit('hong-gai-pc'),
      dossierCode: '000.21.01.H49-250715-0001',
      submittedBy: principals.hongGai,
      now: new Date('2025-07-15T09:00:00+07:00'),
      calendar,
    });
    expect(dossier.documents).toEqual([
      { documentCode: 'TP01', attachmentId: 'scan-1', digitized: true },
      { documentCode: 'TP02', copies: 2, digitized: false },
    ]);
  });
});

describe('an opened dossier keeps the portal reference', () => {
  const openWith = (portalRef?: string) =>
    openDossier({
      request: submission({ channel: 'ONLINE', ...(portalRef ? { portalRef } : {}) }),
      procedure: procedure(BIRTH_REGISTRATION),
      center: center('hong-gai'),
      competentUnit: unit('hong-gai-pc'),
      dossierCode: '000.21.01.H49-250715-0003',
      submittedBy: principals.portal,
      now: new Date('2025-07-15T09:00:00+07:00'),
      calendar,
    }).dossier;

  it('when the portal gives one, and has none otherwise', () => {
    expect(openWith('G22.99-250715-000123').portalRef).toBe('G22.99-250715-000123');
    expect(openWith()).not.toHaveProperty('portalRef');
    expect(openWith().routedTo).toEqual([]);
  });
});
