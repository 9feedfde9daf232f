/**
 * Dossier code ("mã hồ sơ"): `{receiving unit's electronic identifier}-{yyMMdd}-{NNNN}`, the date
 * in Asia/Ho_Chi_Minh. The sequence restarts daily per receiving unit and has at least 4 digits.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `yyMMdd` of the instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function codeDate(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
}

export function formatDossierCode(unitCode: string, instant: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence ${sequence}`);
  return `${unitCode}-${codeDate(instant)}-${String(sequence).padStart(4, '0')}`;
}

/** The counter that numbers a unit's dossiers of one local day. */
export function sequenceName(unitCode: string, instant: Date): string {
  return `${unitCode}#${codeDate(instant)}`;
}

const DOSSIER_CODE = /^(?<unitCode>[A-Za-z0-9.]+)-(?<date>\d{6})-(?<sequence>\d{4,})$/;

export function isDossierCode(value: string): boolean {
  return DOSSIER_CODE.test(value);
}
