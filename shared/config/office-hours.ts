import { OFFICE_HOURS_ENV } from '#shared/config/runtime-names.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '#shared/domain/calendar.ts';

/**
 * The province's office hours: `07:00-11:30,13:30-17:00` by default, or the sessions in
 * MOTCUA_OFFICE_HOURS (the calendar module refuses malformed or overlapping ones).
 */
export function officeHours(value = process.env[OFFICE_HOURS_ENV]): OfficeHours {
  if (!value) return DEFAULT_OFFICE_HOURS;
  const sessions = value.split(',').map((session) => {
    const [start, end, ...rest] = session.trim().split('-');
    if (!start || !end || rest.length > 0)
      throw new RangeError(`${OFFICE_HOURS_ENV}: bad session "${session}"`);
    return { start, end };
  });
  return { sessions };
}
