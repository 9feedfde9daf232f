/**
 * Time in Asia/Ho_Chi_Minh, where every date and office hour of the domain is reckoned: UTC+7
 * all year, no daylight saving (docs/domain.md). The one place that knows the offset.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The instant's Vietnamese wall-clock time as milliseconds of a UTC epoch ("local epoch ms"):
 * a local day is then `floor(localMs / 24 h)`. Throws a RangeError for an invalid date.
 */
export function toLocalMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  return ms + VIETNAM_OFFSET_MS;
}

/** The instant whose Vietnamese wall-clock time is `localMs`. */
export function fromLocalMs(localMs: number): Date {
  return new Date(localMs - VIETNAM_OFFSET_MS);
}

/** 'yyyy-MM-ddTHH:mm:ss' of the instant in Vietnam. */
const localDateTime = (instant: Date): string => new Date(toLocalMs(instant)).toISOString().slice(0, 19);

/** Instants as the contract writes them: ISO 8601 with the +07:00 offset. */
export function toVietnamIso(instant: Date): string {
  return `${localDateTime(instant)}+07:00`;
}

/** 'yyyy-MM-dd' of the instant in Vietnam. */
export function localDate(instant: Date): string {
  return localDateTime(instant).slice(0, 10);
}

/** `yyyyMMddHHmmss` of the instant in Vietnam: how the national portal writes its dates. */
export function toPortalDateTime(instant: Date): string {
  return localDateTime(instant).replace(/[-T:]/g, '');
}

/** The portal's `yyyyMMddHHmmss` (Asia/Ho_Chi_Minh) → ISO 8601 with +07:00. */
export function fromPortalDateTime(value: string): string {
  const n = (from: number, to: number) => Number(value.slice(from, to));
  return toVietnamIso(fromLocalMs(Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14))));
}
