/**
 * Identity numbers checked at the door (docs/domain.md §4): a citizen's 12-digit CCCD and an
 * enterprise's tax code. Structure only: a number that passes may still not exist.
 */

/**
 * Province codes of the CCCD's first three digits: the 63 provinces and cities as numbered before
 * the 2025 merger. Numbers already issued keep them, and each merged province kept one of its
 * members' codes, so the 34 provinces since 2025 all appear here.
 */
export const CCCD_PROVINCE_CODES: ReadonlySet<string> = new Set(
  [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
    44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84,
    86, 87, 89, 91, 92, 93, 94, 95, 96,
  ].map((code) => String(code).padStart(3, '0')),
);

/**
 * Why a CCCD is not well-formed, or `undefined` when it is. Digit 4 is century and sex (0/1:
 * 1900s, 2/3: 2000s, 4/5: 2100s, ... 8/9: 2300s), digits 5–6 the year of birth within it,
 * which may not lie after `now`'s year.
 */
export function citizenIdProblem(idNumber: string, now: Date): string | undefined {
  if (!/^\d{12}$/.test(idNumber)) return 'A citizen ID number (CCCD) has 12 digits';
  if (!CCCD_PROVINCE_CODES.has(idNumber.slice(0, 3))) {
    return `A CCCD starts with a province code; ${idNumber.slice(0, 3)} is none`;
  }
  const century = 1900 + 100 * Math.floor(Number(idNumber[3]) / 2);
  const birthYear = century + Number(idNumber.slice(4, 6));
  if (birthYear > now.getUTCFullYear()) return 'The CCCD encodes a year of birth in the future';
  return undefined;
}

/** Weights of the first nine digits of a tax code (General Department of Taxation). */
const TAX_CODE_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * The check digit of a tax code's first nine digits: 10 − (Σ digit × weight mod 11). Where that
 * is 10 (the sum divides by 11) it is written 0, as the tax authority's own validators read it.
 */
export function taxCodeCheckDigit(firstNine: string): number {
  const sum = TAX_CODE_WEIGHTS.reduce((total, weight, i) => total + weight * Number(firstNine[i]), 0);
  return (10 - (sum % 11)) % 10;
}

/**
 * Why a tax code is not well-formed, or `undefined`: 10 digits whose tenth is the check digit,
 * or a branch's 13 (the parent's 10 and a 3-digit suffix, with or without the dash).
 */
export function taxCodeProblem(idNumber: string): string | undefined {
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(idNumber);
  if (!match?.[1]) return 'A tax code has 10 digits, or 13 for a branch (0100109106-001)';
  const parent = match[1];
  if (taxCodeCheckDigit(parent.slice(0, 9)) !== Number(parent[9])) {
    return 'The tax code check digit (its 10th digit) does not match';
  }
  if (match[2] === '000') return 'A branch suffix runs from 001';
  return undefined;
}

/**
 * What an applicant type stored before the four DVCQG types read as: `ORGANIZATION` did not say
 * whether an enterprise, a state body or another organization filed, so it reads as the one
 * type that claims nothing more, OTHER_ORGANIZATION (LoaiDoiTuong 4). Stored items stay as they are.
 */
export function storedApplicantType(stored: string): ApplicantType {
  return (APPLICANT_TYPES as readonly string[]).includes(stored)
    ? (stored as ApplicantType)
    : 'OTHER_ORGANIZATION';
}

export const APPLICANT_TYPES = ['CITIZEN', 'ENTERPRISE', 'STATE_BODY', 'OTHER_ORGANIZATION'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** Why an applicant's `idNumber` does not fit its type, or `undefined`. */
export function applicantIdProblem(type: ApplicantType, idNumber: string, now: Date): string | undefined {
  switch (type) {
    case 'CITIZEN':
      return citizenIdProblem(idNumber, now);
    case 'ENTERPRISE':
      return taxCodeProblem(idNumber);
    case 'STATE_BODY':
    case 'OTHER_ORGANIZATION':
      // No national format: a tax code, a budget-relation code or a registration number.
      return /^[A-Za-z0-9][A-Za-z0-9./-]{0,29}$/.test(idNumber)
        ? undefined
        : 'An identifier of 1–30 letters, digits, ".", "/" or "-"';
  }
}
