/**
 * Citizen and officer text in the request schemas: ill-formed Unicode and control characters are
 * refused with the field's path; accepted text is trimmed and stored in NFC.
 */
import { describe, expect, it } from 'vitest';
import type { ZodMiniType } from 'zod/mini';
import { UNITS } from '#shared/config/seed-catalog.ts';
import { CalendarYearPathSchema, ProcedureSchema } from '#shared/contract/catalog.ts';
import { ActionRequestSchema, SubmitDossierRequestSchema } from '#shared/contract/dossier.ts';
import { presentDossier } from '#shared/contract/present.ts';
import { openDossier } from '#shared/domain/dossier.ts';
import { isDossierCode } from '#shared/domain/dossier-code.ts';
import {
  BIRTH_REGISTRATION,
  calendar,
  center,
  principals,
  procedure,
  submission,
} from '../fixtures/catalog.ts';

/** The paths of the fields a schema refuses in `input` (empty when it accepts it). */
function refusedPaths(schema: ZodMiniType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

// "Nguyễn" with the vowel and its two marks as separate code points (what some keyboards send).
const NGUYEN_NFD = 'Nguye\u0302\u0303n';
const NGUYEN_NFC = 'Nguyễn';

describe('citizen text in a submission', () => {
  const withApplicant = (fields: Partial<ReturnType<typeof submission>['applicant']>) => {
    const body = submission();
    return { ...body, applicant: { ...body.applicant, ...fields } };
  };

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'An \udc00'],
    ['NUL', 'Nguyễn\u0000An'],
    ['a line feed', 'Nguyễn\nAn'],
    ['a tab', 'Nguyễn\tAn'],
    ['DEL', 'Nguyễn\u007fAn'],
    ['a C1 control', 'Nguyễn\u0085An'],
    ['U+FFFE', 'Nguyễn\ufffe'],
    ['U+FFFF', 'Nguyễn\uffff'],
  ])('refuses %s in applicant.fullName, naming the field', (_, fullName) => {
    expect(refusedPaths(SubmitDossierRequestSchema, withApplicant({ fullName }))).toEqual([
      'applicant.fullName',
    ]);
  });

  it('refuses control characters in applicant.address', () => {
    expect(refusedPaths(SubmitDossierRequestSchema, withApplicant({ address: 'Tổ 1\u0007' }))).toEqual([
      'applicant.address',
    ]);
  });

  it.each([
    ['NUL', 'Đăng ký\u0000 khai sinh'],
    ['a vertical tab', 'Đăng ký\u000b khai sinh'],
    ['ESC', 'Đăng ký\u001b[2J'],
    ['a lone surrogate', 'Đăng ký \ud800'],
    ['a C1 control', 'Đăng ký\u009b'],
  ])('refuses %s in summary, naming the field', (_, summary) => {
    expect(refusedPaths(SubmitDossierRequestSchema, { ...submission(), summary })).toEqual(['summary']);
  });

  it('keeps line breaks and tabs in the summary, a multi-line field', () => {
    const summary = 'Đăng ký khai sinh\r\nCon thứ hai:\tbé Na';
    expect(SubmitDossierRequestSchema.parse({ ...submission(), summary }).summary).toBe(summary);
  });

  it('stores names, addresses and the summary in NFC, trimmed', () => {
    const parsed = SubmitDossierRequestSchema.parse({
      ...withApplicant({ fullName: `  ${NGUYEN_NFD} Văn An `, address: 'Tổ 1, phường Ho\u0302\u0300ng Gai' }),
      summary: ' Đa\u0306ng ký khai sinh\n',
    });
    expect(parsed.applicant.fullName).toBe(`${NGUYEN_NFC} Văn An`);
    expect(parsed.applicant.address).toBe('Tổ 1, phường Hồng Gai');
    expect(parsed.summary).toBe('Đăng ký khai sinh');
  });

  it('trims a trailing line break from a single-line field instead of refusing it', () => {
    expect(
      SubmitDossierRequestSchema.parse(withApplicant({ fullName: 'Nguyễn Văn An\r\n' })).applicant.fullName,
    ).toBe('Nguyễn Văn An');
  });

  it('refuses a name that is only spaces', () => {
    expect(refusedPaths(SubmitDossierRequestSchema, withApplicant({ fullName: ' \u3000 ' }))).toEqual([
      'applicant.fullName',
    ]);
  });

  it('refuses control characters in document codes and the portal reference', () => {
    const body = submission();
    expect(
      refusedPaths(SubmitDossierRequestSchema, {
        ...body,
        documents: [{ documentCode: 'TP01\u0000' }],
        portalRef: 'G22\u0085',
      }).sort(),
    ).toEqual(['documents.0.documentCode', 'portalRef']);
  });
});

describe('text in an action', () => {
  it('refuses NUL in the note and control characters in document and fee names, naming each', () => {
    expect(
      refusedPaths(ActionRequestSchema, {
        action: 'RESOLVE',
        note: 'Đã giải quyết\u0000',
        documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh\u001f' }],
        fees: [{ code: 'LP01', name: 'Lệ phí\ud800', amount: 8000 }],
      }).sort(),
    ).toEqual(['documents.0.name', 'fees.0.name', 'note']);
  });

  it('stores the note in NFC, keeping its line breaks', () => {
    const parsed = ActionRequestSchema.parse({ action: 'STOP', note: 'Thiê\u0301u\ngiấy tờ' });
    expect(parsed.note).toBe('Thiếu\ngiấy tờ');
  });
});

describe('text in a catalog procedure', () => {
  const birth = procedure(BIRTH_REGISTRATION);

  it('refuses control characters in procedure and document names, naming the field', () => {
    const documents = birth.documents.map((d, i) => (i === 1 ? { ...d, name: `${d.name}\u0007` } : d));
    expect(
      refusedPaths(ProcedureSchema, { ...birth, name: `${birth.name}\u0000`, documents }).sort(),
    ).toEqual(['documents.1.name', 'name']);
  });

  it('stores procedure and fee names in NFC', () => {
    const fees = [{ code: 'LP01', name: 'Le\u0302\u0323 phí', amount: 0 }];
    const parsed = ProcedureSchema.parse({ ...birth, name: 'Thu\u0309 tục', fees });
    expect(parsed.fees[0]?.name).toBe('Lệ phí');
    expect(parsed.name).toBe('Thủ tục');
  });
});

describe('a calendar year in the path', () => {
  it('is four digits between 2000 and 2100', () => {
    expect(CalendarYearPathSchema.parse('2027')).toBe(2027);
  });

  it.each(['0x7EB', '2e3', ' 2027', '2027.0', '+2027', '02027', '1999', '2101', ''])('refuses %j', (year) => {
    expect(CalendarYearPathSchema.safeParse(year).success).toBe(false);
  });
});

describe('the dossier code format', () => {
  it('is bounded, so no store key can be too long', () => {
    expect(isDossierCode('000.21.01.H49-250715-0004')).toBe(true);
    expect(isDossierCode('x'.repeat(3000))).toBe(false);
    expect(isDossierCode(`${'0'.repeat(41)}-250715-0004`)).toBe(false);
    expect(isDossierCode('000.21.01.H49-250715-1234567890')).toBe(false);
  });
});

describe('a dossier stored before these rules', () => {
  it('is still presented, its text as stored', () => {
    const ownUnit = UNITS.find((u) => u.unitId === 'hong-gai-pc');
    if (!ownUnit) throw new Error('no seed unit hong-gai-pc');
    const request = submission();
    const { dossier, event } = openDossier({
      request: {
        ...request,
        summary: 'Đăng ký\u0000',
        applicant: { ...request.applicant, fullName: 'An\ufffd' },
      },
      procedure: procedure(BIRTH_REGISTRATION),
      center: center('hong-gai'),
      competentUnit: ownUnit,
      dossierCode: '000.21.01.H49-250715-0001',
      submittedBy: principals.hongGai,
      now: new Date('2025-07-15T09:00:00+07:00'),
      calendar,
    });
    const presented = presentDossier(dossier, [event]);
    expect(presented.summary).toBe('Đăng ký\u0000');
    expect(presented.applicant.fullName).toBe('An\ufffd');
  });
});
