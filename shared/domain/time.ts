/** Instants as the contract writes them: ISO 8601 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
const OFFSET_MS = 7 * 60 * 60 * 1000;

export function toVietnamIso(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}
