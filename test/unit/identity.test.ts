/**
 * Identity numbers at the door (docs/domain.md §4), with real-format samples: CCCD structure
 * and enterprise tax codes with their check digit.
 */
import { describe, expect, it } from 'vitest';
import { ApplicantSchema } from '#shared/contract/dossier.ts';
import {
  CCCD_PROVINCE_CODES,
  citizenIdProblem,
  storedApplicantType,
  taxCodeCheckDigit,
  taxCodeProblem,
} from '#shared/domain/identity.ts';

const NOW = new Date('2026-11-27T09:00:00+07:00');

describe('CCCD (citizen identification number)', () => {
  it('knows the 63 province codes of the numbers issued', () => {
    expect(CCCD_PROVINCE_CODES.size).toBe(63);
    expect(CCCD_PROVINCE_CODES.has('022')).toBe(true); // Quảng Ninh
    expect(CCCD_PROVINCE_CODES.has('096')).toBe(true); // Cà Mau
  });

  it.each([
    ['022190000123', 'Quảng Ninh, female, born 1990'],
    ['001099012345', 'Hà Nội, male, born 1999'],
    ['079203001234', 'Hồ Chí Minh City, male, born 2003'],
    ['036325000001', 'Nam Định, female, born 2025'],
    ['022226000001', 'Quảng Ninh, male, born 2026 (this year)'],
  ])('accepts %s (%s)', (idNumber) => {
    expect(citizenIdProblem(idNumber, NOW)).toBeUndefined();
  });

  it.each([
    ['02219000012', /12 digits/],
    ['0221900001234', /12 digits/],
    ['02219000012a', /12 digits/],
    ['003190000123', /province code; 003/],
    ['023190000123', /province code; 023/],
    ['000190000123', /province code; 000/],
    ['022227000001', /future/], // male, 2027
    ['022400000001', /future/], // 22nd century
    ['022900000001', /future/],
  ])('refuses %s', (idNumber, message) => {
    expect(citizenIdProblem(idNumber, NOW)).toMatch(message);
  });
});

describe('tax codes', () => {
  it('computes the official check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3)', () => {
    expect(taxCodeCheckDigit('010010910')).toBe(6); // 0100109106
    expect(taxCodeCheckDigit('030058856')).toBe(9); // 0300588569
  });

  it.each(['0100109106', '0300588569', '0100109106-001', '0100109106001', '0300588569-012'])(
    'accepts %s',
    (idNumber) => {
      expect(taxCodeProblem(idNumber)).toBeUndefined();
    },
  );

  it.each([
    ['0100109107', /check digit/],
    ['0300588561', /check digit/],
    ['0100109107-001', /check digit/],
    ['0100109106-000', /from 001/],
    ['010010910', /10 digits/],
    ['0100109106-01', /10 digits/],
    ['0100109106 001', /10 digits/],
    ['01001091060011', /10 digits/],
  ])('refuses %s', (idNumber, message) => {
    expect(taxCodeProblem(idNumber)).toMatch(message);
  });
});

describe('the applicant in a submission', () => {
  const applicant = { fullName: 'Nguyễn Văn An', address: 'Tổ 1, khu 2, phường Hồng Gai' };
  const idErrors = (type: string, idNumber: string) => {
    const parsed = ApplicantSchema.safeParse({ ...applicant, type, idNumber });
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };

  it.each([
    ['CITIZEN', '022190000123'],
    ['ENTERPRISE', '0100109106-001'],
    ['STATE_BODY', '1012345'],
    ['OTHER_ORGANIZATION', '0100109106'],
  ])('accepts a %s with %s', (type, idNumber) => {
    expect(idErrors(type, idNumber)).toEqual([]);
  });

  it.each([
    ['CITIZEN', '023190000123'],
    ['CITIZEN', '022290000123'],
    ['ENTERPRISE', '0100109107'],
    ['ENTERPRISE', '022190000123'],
    ['STATE_BODY', ''],
    ['OTHER_ORGANIZATION', 'số 12'],
  ])('names idNumber for a %s with %s', (type, idNumber) => {
    expect(idErrors(type, idNumber)).toEqual(['idNumber']);
  });

  it('no longer takes ORGANIZATION', () => {
    expect(
      ApplicantSchema.safeParse({ ...applicant, type: 'ORGANIZATION', idNumber: '0100109106' }).success,
    ).toBe(false);
  });

  it('reads a stored ORGANIZATION as OTHER_ORGANIZATION and the four types as themselves', () => {
    expect(storedApplicantType('ORGANIZATION')).toBe('OTHER_ORGANIZATION');
    for (const type of ['CITIZEN', 'ENTERPRISE', 'STATE_BODY', 'OTHER_ORGANIZATION']) {
      expect(storedApplicantType(type)).toBe(type);
    }
  });
});
