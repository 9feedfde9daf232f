import { describe, expect, it } from 'vitest';
import { judgeTimeliness } from '#shared/domain/timeliness.ts';

const DUE = '2025-07-15T09:30:00+07:00';
const NOW = new Date('2025-07-20T09:00:00+07:00');

describe('judgeTimeliness (Decision 766)', () => {
  it('judges RESOLVED, RETURNED and STOPPED dossiers against the due moment', () => {
    // Prepare
    const cases = [
      { status: 'RESOLVED', finishedAt: '2025-07-14T16:00:00+07:00', expected: 'EARLY' },
      { status: 'RETURNED', finishedAt: DUE, expected: 'ON_TIME' },
      { status: 'STOPPED', finishedAt: '2025-07-15T09:31:00+07:00', expected: 'LATE' },
      { status: 'STOPPED', finishedAt: '2025-07-14T10:00:00+07:00', expected: 'EARLY' },
    ] as const;

    // Act
    const judged = cases.map(({ status, finishedAt }) =>
      judgeTimeliness({ status, dueAt: DUE, finishedAt }, NOW),
    );

    // Assess
    expect(judged).toEqual(cases.map((c) => c.expected));
  });

  it('counts more than one supplement request as LATE whatever the finish time, one as nothing special', () => {
    // Prepare
    const early = { dueAt: DUE, finishedAt: '2025-07-10T09:00:00+07:00' };

    // Act
    const twice = judgeTimeliness({ status: 'RESOLVED', ...early, supplementRequests: 2 }, NOW);
    const once = judgeTimeliness({ status: 'RESOLVED', ...early, supplementRequests: 1 }, NOW);
    const stoppedTwice = judgeTimeliness({ status: 'STOPPED', ...early, supplementRequests: 3 }, NOW);

    // Assess
    expect([twice, once, stoppedTwice]).toEqual(['LATE', 'EARLY', 'LATE']);
  });

  it('excludes WITHDRAWN dossiers and NOT_RECEIVED ones never asked for a supplement', () => {
    // Act
    const withdrawn = judgeTimeliness(
      { status: 'WITHDRAWN', dueAt: DUE, finishedAt: '2025-07-16T09:00:00+07:00' },
      NOW,
    );
    const withdrawnTwice = judgeTimeliness(
      { status: 'WITHDRAWN', dueAt: DUE, finishedAt: DUE, supplementRequests: 2 },
      NOW,
    );
    const refused = judgeTimeliness({ status: 'NOT_RECEIVED', finishedAt: DUE }, NOW);

    // Assess
    expect([withdrawn, withdrawnTwice, refused]).toEqual([undefined, undefined, undefined]);
  });

  it('judges NOT_RECEIVED after a supplement request', () => {
    // Act
    const late = judgeTimeliness(
      { status: 'NOT_RECEIVED', dueAt: DUE, finishedAt: '2025-07-16T09:00:00+07:00', supplementRequests: 1 },
      NOW,
    );
    const twice = judgeTimeliness({ status: 'NOT_RECEIVED', finishedAt: DUE, supplementRequests: 2 }, NOW);

    // Assess
    expect([late, twice]).toEqual(['LATE', 'LATE']);
  });

  it('judges a dossier that ended while paused at the pause, when its clock stopped', () => {
    // Act
    const stopped = judgeTimeliness(
      {
        status: 'STOPPED',
        dueAt: DUE,
        pausedAt: '2025-07-15T08:00:00+07:00',
        finishedAt: '2025-08-30T09:00:00+07:00',
        supplementRequests: 1,
      },
      NOW,
    );

    // Assess
    expect(stopped).toBe('ON_TIME');
  });

  it('finds a running dossier OVERDUE past its due moment, a paused one only if paused past it', () => {
    // Act
    const running = judgeTimeliness({ status: 'IN_PROGRESS', dueAt: DUE }, NOW);
    const notYet = judgeTimeliness({ status: 'RECEIVED', dueAt: DUE }, new Date(DUE));
    const pausedInTime = judgeTimeliness(
      { status: 'SUPPLEMENT_REQUESTED', dueAt: DUE, pausedAt: '2025-07-15T08:00:00+07:00' },
      NOW,
    );
    const pausedLate = judgeTimeliness(
      { status: 'SUPPLEMENT_REQUESTED', dueAt: DUE, pausedAt: '2025-07-16T08:00:00+07:00' },
      NOW,
    );
    const submitted = judgeTimeliness({ status: 'SUBMITTED' }, NOW);

    // Assess
    expect([running, notYet, pausedInTime, pausedLate, submitted]).toEqual([
      'OVERDUE',
      undefined,
      undefined,
      'OVERDUE',
      undefined,
    ]);
  });
});
