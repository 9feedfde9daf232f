/**
 * The working-day clock: appointment (due) dates, pauses and timeliness.
 *
 * Vendor practice (docs/domain.md, the working-day clock): processing time is given in
 * working days (some in hours), 1 working day = the office sessions of one day (8 hours by
 * default), Saturdays, Sundays and official days off do not count, official make-up Saturdays do.
 *
 * All wall-clock reasoning is in Asia/Ho_Chi_Minh (time.ts): instants are handled as "local epoch
 * milliseconds", so a local day is `floor(localMs / DAY_MS)`.
 *
 * Office hours are half-open per session, [start, end): 17:00 itself is closing time, so a dossier
 * received at exactly 17:00 counts from the next working morning. A due moment computed by adding
 * working time, on the other hand, may land exactly on a session end (e.g. 17:00) and stays there.
 */

import { fromLocalMs, localDate, toLocalMs } from './time.ts';

// The clock's readers take local dates from here too.
export { localDate };

/** Office sessions of a working day, times 'HH:mm' local, in order and not overlapping. */
export type OfficeHours = { sessions: ReadonlyArray<{ start: string; end: string }> };

/** 07:00–11:30 and 13:30–17:00: 8 working hours a day. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  sessions: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
};

/**
 * One year's official calendar, dates 'yyyy-MM-dd'. `daysOff` are the official days off (any day of
 * the week); `workingDays` are the official make-up working Saturdays/Sundays.
 */
export type YearCalendar = { year: number; daysOff: string[]; workingDays: string[] };

export type WorkingCalendar = { officeHours: OfficeHours; years: ReadonlyMap<number, YearCalendar> };

/**
 * Processing time of a procedure. `days` and `hours` are working time; `calendarDays` and
 * `months` count the calendar instead (a due day off moves to the next working day's close) and
 * replace them. `sameDayCutoff` ('HH:mm' local): receipt at or after it counts from the next
 * working day. No time at all is a same-day procedure: due at the close of the working day.
 */
export type ProcessingTime = {
  days?: number;
  hours?: number;
  calendarDays?: number;
  months?: number;
  sameDayCutoff?: string;
};

export type Timeliness = 'EARLY' | 'ON_TIME' | 'LATE' | 'OVERDUE';

export type TimelinessInput = { dueAt?: Date | undefined; finishedAt?: Date | undefined; now: Date };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Safety bound for every walk over days: about 20 years. */
const MAX_DAYS = 20 * 366;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

type Session = { start: number; end: number };

/**
 * Builds a validated calendar. Throws a RangeError on malformed office hours (bad 'HH:mm', empty,
 * unordered or overlapping sessions), a repeated year, a malformed date or one outside its year, a
 * date listed both as day off and working day, or a make-up working day that is not a Saturday/Sunday.
 */
export function workingCalendar(years: YearCalendar[], officeHours = DEFAULT_OFFICE_HOURS): WorkingCalendar {
  parseSessions(officeHours);
  const byYear = new Map<number, YearCalendar>();
  for (const yc of years) {
    if (!Number.isInteger(yc.year)) throw new RangeError(`invalid calendar year ${yc.year}`);
    if (byYear.has(yc.year)) throw new RangeError(`calendar year ${yc.year} given twice`);
    for (const date of [...yc.daysOff, ...yc.workingDays]) {
      const day = parseIsoDate(date);
      if (date.slice(0, 4) !== String(yc.year).padStart(4, '0')) {
        throw new RangeError(`date ${date} is not in calendar year ${yc.year}`);
      }
      if (yc.workingDays.includes(date) && !isWeekend(day)) {
        throw new RangeError(`make-up working day ${date} is not a Saturday or Sunday`);
      }
    }
    const both = yc.daysOff.find((date) => yc.workingDays.includes(date));
    if (both !== undefined) throw new RangeError(`date ${both} is both a day off and a working day`);
    byYear.set(yc.year, { year: yc.year, daysOff: [...yc.daysOff], workingDays: [...yc.workingDays] });
  }
  const sessions = officeHours.sessions.map((s) => ({ start: s.start, end: s.end }));
  return { officeHours: { sessions }, years: byYear };
}

/** The number of working minutes in one working day (the total length of the office sessions). */
export function minutesPerWorkingDay(officeHours: OfficeHours): number {
  return parseSessions(officeHours).reduce((sum, s) => sum + (s.end - s.start), 0) / MINUTE_MS;
}

/**
 * Mon–Fri unless an official day off; Saturday/Sunday only when an official make-up working day.
 * A year missing from the calendar still has its statutory days off (`statutoryYear`).
 */
export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return isWorkingDayNumber(parseIsoDate(date), cal);
}

/**
 * The instant itself when it is within office hours ([start, end) of a session) on a working day,
 * otherwise the start of the next session: in the lunch break → 13:30, at or after closing time or on
 * a non-working day → the next working day's first session.
 */
export function nextWorkingMoment(instant: Date, cal: WorkingCalendar): Date {
  return fromLocalMs(nextWorkingLocalMs(toLocalMs(instant), parseSessions(cal.officeHours), cal));
}

/**
 * Adds working time by walking the office sessions. Adding 0 returns `nextWorkingMoment(start)`.
 * A result landing exactly on a session end stays there (e.g. 17:00). Minutes may be fractional
 * (millisecond precision); negative or non-finite minutes throw a RangeError, as does a walk beyond
 * about 20 years.
 */
export function addWorkingMinutes(start: Date, minutes: number, cal: WorkingCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`invalid working minutes ${minutes}`);
  const sessions = parseSessions(cal.officeHours);
  const from = nextWorkingLocalMs(toLocalMs(start), sessions, cal);
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return fromLocalMs(from);
  const firstDay = localDay(from);
  for (let day = firstDay; day <= firstDay + MAX_DAYS; day++) {
    if (!isWorkingDayNumber(day, cal)) continue;
    const base = day * DAY_MS;
    for (const s of sessions) {
      const begin = Math.max(from, base + s.start);
      const end = base + s.end;
      if (begin >= end) continue;
      if (remaining <= end - begin) return fromLocalMs(begin + remaining);
      remaining -= end - begin;
    }
  }
  throw new RangeError(`adding ${minutes} working minutes runs past the ${MAX_DAYS}-day safety bound`);
}

/** Working minutes in [a, b); 0 when b <= a. Fractional when the instants are not whole minutes apart. */
export function workingMinutesBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  const from = toLocalMs(a);
  const to = toLocalMs(b);
  if (to <= from) return 0;
  const sessions = parseSessions(cal.officeHours);
  let total = 0;
  for (let day = localDay(from); day <= localDay(to); day++) {
    if (!isWorkingDayNumber(day, cal)) continue;
    const base = day * DAY_MS;
    for (const s of sessions) {
      const lo = Math.max(from, base + s.start);
      const hi = Math.min(to, base + s.end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MINUTE_MS;
}

/**
 * The due moment of a dossier received at `receivedAt`. The clock starts at
 * `nextWorkingMoment(receivedAt)`, or, when `sameDayCutoff` is set and the receipt is on a working
 * day at or after the cut-off, at the next working day's first session start. Then:
 * - working time (days × one day's office time + hours): due = clock start + that working time;
 * - calendar days or months: due at the close of the day that many days (months) after the
 *   clock start's day, or of the next working day when that day is off;
 * - no time at all (same-day): due at the close of the clock start's working day.
 */
export function computeDueAt(receivedAt: Date, time: ProcessingTime, cal: WorkingCalendar): Date {
  const days = checkedAmount(time.days, 'days');
  const hours = checkedAmount(time.hours, 'hours');
  const calendarDays = checkedAmount(time.calendarDays, 'calendar days');
  const months = checkedAmount(time.months, 'months');
  const sessions = parseSessions(cal.officeHours);
  const received = toLocalMs(receivedAt);
  let clockStart = received;
  if (time.sameDayCutoff !== undefined) {
    const cutoff = parseTimeOfDay(time.sameDayCutoff);
    const day = localDay(received);
    if (isWorkingDayNumber(day, cal) && received - day * DAY_MS >= cutoff) clockStart = (day + 1) * DAY_MS;
  }
  const startMs = nextWorkingLocalMs(clockStart, sessions, cal);
  const startDay = localDay(startMs);
  if (calendarDays > 0 || months > 0) {
    const dueDay = months > 0 ? addMonths(startDay, months) : startDay + calendarDays;
    return fromLocalMs(closeOfWorkingDay(dueDay, sessions, cal));
  }
  const minutes = days * minutesPerWorkingDay(cal.officeHours) + hours * 60;
  // Same-day: a due moment equal to the receipt would make every such dossier late.
  if (minutes === 0) return fromLocalMs(closeOfWorkingDay(startDay, sessions, cal));
  return addWorkingMinutes(fromLocalMs(startMs), minutes, cal);
}

/**
 * The due moment after a pause (supplement requested at `pausedAt`, received at `resumedAt`): the
 * working time left at the pause is counted again from `nextWorkingMoment(resumedAt)`. A pause at or
 * after the due moment leaves no working time. Throws a RangeError when resumedAt < pausedAt.
 */
export function resumeDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date, cal: WorkingCalendar): Date {
  if (toLocalMs(resumedAt) < toLocalMs(pausedAt)) {
    throw new RangeError(`resumed at ${resumedAt.toISOString()} before paused at ${pausedAt.toISOString()}`);
  }
  const remaining = workingMinutesBetween(pausedAt, dueAt, cal);
  return addWorkingMinutes(nextWorkingMoment(resumedAt, cal), remaining, cal);
}

/**
 * Finished: EARLY when finished on a local day before the due moment's local day, ON_TIME when
 * finished by the due moment, else LATE. Unfinished: OVERDUE when now is past the due moment, else
 * undefined. No due moment: undefined.
 */
export function timelinessOf({ dueAt, finishedAt, now }: TimelinessInput): Timeliness | undefined {
  if (dueAt === undefined) return undefined;
  if (finishedAt !== undefined) {
    if (localDate(finishedAt) < localDate(dueAt)) return 'EARLY';
    return finishedAt.getTime() <= dueAt.getTime() ? 'ON_TIME' : 'LATE';
  }
  return now.getTime() > dueAt.getTime() ? 'OVERDUE' : undefined;
}

/**
 * Fixed-date statutory holidays (Labour Code 2019, art. 112) that hold in every year, whatever the
 * government announces: New Year (1 Jan), Reunification Day (30 Apr), Labour Day (1 May) and
 * National Day (2 Sep) with its adjacent day, taken here as 1 Sep, the day both 2025 and 2026
 * chose (the law lets the Prime Minister pick the day before or after). Tết and the Hung Kings'
 * day follow the lunar calendar and come only with a year's announced data.
 */
export const STATUTORY_FIXED_DAYS = ['01-01', '04-30', '05-01', '09-01', '09-02'] as const;

/**
 * The days off of a year without announced data: the fixed-date statutory holidays, and for each
 * one on a Saturday or Sunday a compensatory day, the next weekday not already off (Labour Code
 * art. 111(3), as the 2026 announcement applied it to the Hung Kings' day).
 */
export function statutoryYear(year: number): YearCalendar {
  const cached = STATUTORY_YEARS.get(year);
  if (cached) return cached;
  const yyyy = String(year).padStart(4, '0');
  const off = new Set<string>(STATUTORY_FIXED_DAYS.map((md) => `${yyyy}-${md}`));
  for (const md of STATUTORY_FIXED_DAYS) {
    const day = parseIsoDate(`${yyyy}-${md}`);
    if (!isWeekend(day)) continue;
    let compensatory = day + 1;
    while (isWeekend(compensatory) || off.has(isoOfDay(compensatory))) compensatory++;
    off.add(isoOfDay(compensatory));
  }
  const statutory = { year, daysOff: [...off].sort(), workingDays: [] };
  STATUTORY_YEARS.set(year, statutory);
  return statutory;
}
const STATUTORY_YEARS = new Map<number, YearCalendar>();

/**
 * The first year from `from`'s to `to`'s (local) that the calendar has no announced data for: a
 * due moment computed over it is provisional, since the government may add days off (Tết, Hung
 * Kings, bridges) or make-up working days. Undefined when every year is loaded.
 */
export function provisionalYear(from: Date, to: Date, cal: WorkingCalendar): number | undefined {
  const first = Number(localDate(from).slice(0, 4));
  const last = Number(localDate(to).slice(0, 4));
  for (let year = first; year <= last; year++) if (!cal.years.has(year)) return year;
  return undefined;
}

// ---- internals -------------------------------------------------------------------------------

function checkedAmount(value: number | undefined, name: string): number {
  const amount = value ?? 0;
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`invalid processing ${name} ${value}`);
  return amount;
}

/** The day `months` months after `day`, on the same day of the month or the month's last day. */
function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const target0 = new Date(target);
  const lastOfMonth = new Date(Date.UTC(target0.getUTCFullYear(), target0.getUTCMonth() + 1, 0)).getUTCDate();
  return target / DAY_MS + Math.min(date.getUTCDate(), lastOfMonth) - 1;
}

/** Closing time (the last session's end) of `day`, or of the next working day when it is off. */
function closeOfWorkingDay(day: number, sessions: Session[], cal: WorkingCalendar): number {
  const last = sessions[sessions.length - 1] as Session;
  for (let d = day; d <= day + MAX_DAYS; d++) {
    if (isWorkingDayNumber(d, cal)) return d * DAY_MS + last.end;
  }
  throw new RangeError(`no working day within ${MAX_DAYS} days`);
}

function localDay(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function parseIsoDate(date: string): number {
  const match = ISO_DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`invalid date ${date}, expected yyyy-MM-dd`);
  }
  return ms / DAY_MS;
}

function isWorkingDayNumber(day: number, cal: WorkingCalendar): boolean {
  const date = isoOfDay(day);
  const year = Number(date.slice(0, 4));
  const yc = cal.years.get(year) ?? statutoryYear(year);
  if (yc.daysOff.includes(date)) return false;
  if (!isWeekend(day)) return true;
  return yc.workingDays.includes(date);
}

/** 'HH:mm' → milliseconds since local midnight; '24:00' is allowed (end of day). */
function parseTimeOfDay(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`invalid time ${time}, expected HH:mm`);
  }
  return hours * HOUR_MS + minutes * MINUTE_MS;
}

function parseSessions(officeHours: OfficeHours): Session[] {
  if (officeHours.sessions.length === 0) throw new RangeError('office hours need at least one session');
  let previousEnd = 0;
  return officeHours.sessions.map(({ start, end }) => {
    const session = { start: parseTimeOfDay(start), end: parseTimeOfDay(end) };
    if (session.end <= session.start) throw new RangeError(`office session ${start}–${end} is empty`);
    if (session.start < previousEnd)
      throw new RangeError(`office session ${start}–${end} overlaps or is out of order`);
    previousEnd = session.end;
    return session;
  });
}

/** The first local ms >= localMs inside a session of a working day. */
function nextWorkingLocalMs(localMs: number, sessions: Session[], cal: WorkingCalendar): number {
  const firstDay = localDay(localMs);
  for (let day = firstDay; day <= firstDay + MAX_DAYS; day++) {
    if (!isWorkingDayNumber(day, cal)) continue;
    const base = day * DAY_MS;
    for (const s of sessions) {
      if (localMs < base + s.end) return Math.max(localMs, base + s.start);
    }
  }
  throw new RangeError(`no working moment within ${MAX_DAYS} days`);
}
