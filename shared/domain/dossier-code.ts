/**
 * Dossier code ("mã hồ sơ"): `{receiving unit's electronic identifier}-{yyMMdd}-{NNNN}`, the date
 * in Asia/Ho_Chi_Minh. The sequence restarts daily per receiving unit and has at least 4 digits.
 */
import { localDate } from './time.ts';

/** `yyMMdd` of the instant in Asia/Ho_Chi_Minh. */
export function codeDate(instant: Date): string {
  return localDate(instant).slice(2).replaceAll('-', '');
}

export function formatDossierCode(unitCode: string, instant: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence ${sequence}`);
  const code = `${unitCode}-${codeDate(instant)}-${String(sequence).padStart(4, '0')}`;
  // A code the API would refuse to look up must never be issued.
  if (!isDossierCode(code)) throw new RangeError('unit code or sequence outside the dossier code format');
  return code;
}

/** The counter that numbers a unit's dossiers of one local day. */
export function sequenceName(unitCode: string, instant: Date): string {
  return `${unitCode}#${codeDate(instant)}`;
}

/**
 * The format, bounded: the unit identifier (up to 40 characters; `000.21.01.H49` has 13), the
 * date, and a sequence of 4 to 9 digits, so a code is at most 57 characters and always a valid
 * store key. No named groups: the pattern is also published in the OpenAPI document.
 */
export const DOSSIER_CODE_PATTERN = /^[A-Za-z0-9.]{1,40}-\d{6}-\d{4,9}$/;
export const DOSSIER_CODE_MAX_LENGTH = 40 + 1 + 6 + 1 + 9;

export function isDossierCode(value: string): boolean {
  return value.length <= DOSSIER_CODE_MAX_LENGTH && DOSSIER_CODE_PATTERN.test(value);
}
