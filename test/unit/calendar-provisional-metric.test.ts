import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALENDAR_PROVISIONAL_METRIC, countProvisionalDueDate, metrics } from '#shared/runtime/powertools.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the CalendarProvisional metric', () => {
  it('counts one for a due date computed over an unloaded year, and nothing otherwise', () => {
    // Prepare
    const added = vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);

    // Act
    countProvisionalDueDate({ calendarProvisional: true });
    countProvisionalDueDate({});

    // Assess
    expect(CALENDAR_PROVISIONAL_METRIC).toBe('CalendarProvisional');
    expect(added.mock.calls).toEqual([['CalendarProvisional', 'Count', 1]]);
  });
});
