import { statutoryYear, type WorkingCalendar, type YearCalendar } from '#shared/domain/calendar.ts';
import { isOpen } from '#shared/domain/dossier.ts';
import { recomputeDue } from '#shared/domain/due-recompute.ts';
import type { CalendarStore, DossierStore } from './ports.ts';

/** A year of the calendar as read: announced (stored) data, or the statutory holidays only. */
export type CalendarYearView = YearCalendar & { source: 'ANNOUNCED' | 'STATUTORY_ONLY' };

/** The stored year, or, for a year not announced yet, the statutory-only default marked as such. */
export async function getCalendarYear(deps: CalendarStore, year: number): Promise<CalendarYearView> {
  const stored = await deps.calendarYear(year);
  if (stored) return { ...stored, source: 'ANNOUNCED' };
  const statutory = statutoryYear(year);
  return { ...statutory, daysOff: [...statutory.daysOff], workingDays: [], source: 'STATUTORY_ONLY' };
}

export type RecomputeDeps = {
  dossiers: Pick<DossierStore, 'provisionalDue' | 'getWithHistory' | 'correctDueDate'>;
  calendar: WorkingCalendar;
  now: () => Date;
};
export type RecomputeResult = { recomputed: number; stillProvisional: number };

/** Dossiers recomputed at once: a few writes in flight, not a burst. */
const WIDTH = 8;
/** A dossier that keeps changing under the recomputation is left to its next action. */
const ATTEMPTS = 3;

/**
 * Recomputes the due dates that rested on `year` now that its calendar is stored:
 * 1. reads the open dossiers flagged provisional and due in that year (a sparse index: no others);
 * 2. rebuilds each due date from its receipt and its supplement pauses on the new calendar;
 * 3. stores it guarded by the version it was read at, reading again when an action got there first.
 * Dossiers still resting on another unloaded year keep the flag (and move to that year's list).
 */
export async function recomputeProvisionalDueDates(
  deps: RecomputeDeps,
  year: number,
): Promise<RecomputeResult> {
  const result: RecomputeResult = { recomputed: 0, stillProvisional: 0 };
  const codes: string[] = [];
  for await (const dossier of deps.dossiers.provisionalDue(year)) codes.push(dossier.dossierCode);
  for (let i = 0; i < codes.length; i += WIDTH) {
    await Promise.all(
      codes.slice(i, i + WIDTH).map(async (code) => {
        const outcome = await recomputeOne(deps, code);
        if (outcome === 'skipped') return;
        result.recomputed++;
        if (outcome === 'provisional') result.stillProvisional++;
      }),
    );
  }
  return result;
}

async function recomputeOne(deps: RecomputeDeps, code: string): Promise<'done' | 'provisional' | 'skipped'> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stored = await deps.dossiers.getWithHistory(code);
    // The index is read eventually consistently: the dossier may have ended or been recomputed.
    if (!stored?.dossier.calendarProvisional || !isOpen(stored.dossier)) return 'skipped';
    const next = recomputeDue(stored.dossier, stored.history, deps.calendar, deps.now());
    if (await deps.dossiers.correctDueDate(stored.dossier, next)) {
      return next.calendarProvisional ? 'provisional' : 'done';
    }
  }
  return 'skipped';
}
