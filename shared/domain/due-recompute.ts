/**
 * Recomputing a due date once the calendar changed (a year's announced data arrived): the due
 * date is rebuilt from the receipt and the dossier's supplement pauses, as the lifecycle built it.
 */
import { computeDueAt, resumeDueAt, type WorkingCalendar } from './calendar.ts';
import { type Dossier, provisionalFlag, type TimelineEvent } from './dossier.ts';
import { toVietnamIso } from './time.ts';
import { judgeTimeliness } from './timeliness.ts';

/**
 * The dossier with its due date computed again on `calendar`:
 * 1. from the receipt, by the dossier's processing time (computeDueAt);
 * 2. each supplement pause of its history (REQUEST_SUPPLEMENT … SUPPLEMENT) moves it as on the
 *    day (resumeDueAt); a pause still open leaves it where the pause found it;
 * 3. `calendarProvisional` holds only while the due date still rests on an unloaded year;
 * 4. an OVERDUE mark stays only while the new due moment is past.
 * A dossier never received (no receipt) comes back unchanged.
 */
export function recomputeDue(
  dossier: Dossier,
  history: readonly TimelineEvent[],
  calendar: WorkingCalendar,
  now: Date,
): Dossier {
  if (!dossier.receivedAt) return dossier;
  const receivedAt = new Date(dossier.receivedAt);
  let dueAt = computeDueAt(receivedAt, dossier.processing, calendar);
  let pausedAt: Date | undefined;
  for (const event of [...history].sort((a, b) => a.version - b.version)) {
    if (event.action === 'REQUEST_SUPPLEMENT') pausedAt = new Date(event.at);
    if (event.action === 'SUPPLEMENT' && pausedAt) {
      dueAt = resumeDueAt(dueAt, pausedAt, new Date(event.at), calendar);
      pausedAt = undefined;
    }
  }
  const next: Dossier = { ...dossier, dueAt: toVietnamIso(dueAt) };
  if (provisionalFlag(receivedAt, dueAt, calendar)) next.calendarProvisional = true;
  else delete next.calendarProvisional;
  if (dossier.timeliness === 'OVERDUE' && judgeTimeliness(next, now) !== 'OVERDUE') delete next.timeliness;
  return next;
}
