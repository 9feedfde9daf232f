/**
 * EventBridge schedule rules, played locally (topology SCHEDULES): one timer per schedule that
 * invokes the function with an EventBridge Scheduled Event every `rateMinutes`, or every
 * MOTCUA_SCHEDULE_SECONDS when set (a local-only knob, to see a 15-minute sweep work without
 * waiting for it). As with a rate rule, the first run comes one interval after the start.
 *
 * Runs of one schedule never overlap: a tick that finds the previous run still going is skipped
 * (in AWS the function's timeout is shorter than the rate, so the same holds). A failing run is
 * logged and the schedule goes on; stop() clears the timers and waits for the runs under way.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { FUNCTIONS, type FunctionSpec, SCHEDULES } from '#infra/topology.ts';
import { LOCAL_ACCOUNT_ID } from './constants.ts';
import { functionName } from './lambda.ts';
import { describeError, type Log, silentLog } from './log.ts';

/** A schedule of the topology (ScheduleSpec), or of a test's own functions. */
export type LocalSchedule = { function: string; rateMinutes: number };

export type ScheduleStats = {
  functionId: string;
  ruleArn: string;
  intervalMs: number;
  /** Runs started. */
  runs: number;
  /** Ticks skipped because the previous run was still going. */
  skipped: number;
  /** Runs that threw (or timed out). */
  failures: number;
};

export type ScheduleTimers = {
  /** One entry per schedule, updated as the timers fire. */
  readonly stats: readonly Readonly<ScheduleStats>[];
  stop(): Promise<void>;
};

export type ScheduleTimersOptions = {
  /** Invokes a function of `functions` (FunctionRunner.invoke). */
  invoke: (functionId: string, event: ScheduledEvent) => Promise<unknown>;
  region: string;
  /** Default: the topology's SCHEDULES. */
  schedules?: readonly LocalSchedule[];
  /** Where schedule functions are looked up (rule names); default: the topology's FUNCTIONS. */
  functions?: Readonly<Record<string, Pick<FunctionSpec, 'id'>>>;
  /** Every schedule's interval instead of its rate (MOTCUA_SCHEDULE_SECONDS × 1000). */
  intervalMs?: number | undefined;
  log?: Log;
};

/** The local rule of a function: `motcua-<function id>`, like the local function names. */
export const scheduleRuleArn = (spec: Pick<FunctionSpec, 'id'>, region: string): string =>
  `arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/${functionName(spec)}`;

/** The event EventBridge sends a rate rule's target, at `time` (whole seconds, as EventBridge has it). */
export function scheduledEvent(ruleArn: string, region: string, time: Date = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [ruleArn],
    detail: {},
  };
}

/** Starts one timer per schedule. */
export function startSchedules(options: ScheduleTimersOptions): ScheduleTimers {
  const log = options.log ?? silentLog;
  const functions: Readonly<Record<string, Pick<FunctionSpec, 'id'>>> = options.functions ?? FUNCTIONS;
  if (options.intervalMs !== undefined && !(options.intervalMs > 0)) {
    throw new Error(`schedule interval must be positive (got ${options.intervalMs} ms)`);
  }
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();

  const stats = (options.schedules ?? SCHEDULES).map((schedule): ScheduleStats => {
    const spec = functions[schedule.function];
    if (!spec) throw new Error(`schedule of unknown function ${schedule.function}`);
    const state: ScheduleStats = {
      functionId: schedule.function,
      ruleArn: scheduleRuleArn(spec, options.region),
      intervalMs: options.intervalMs ?? schedule.rateMinutes * 60_000,
      runs: 0,
      skipped: 0,
      failures: 0,
    };
    let current: Promise<void> | undefined;

    const tick = () => {
      if (stopped) return;
      if (current) {
        state.skipped++;
        log.info(`${spec.id}: the previous scheduled run is still going; skipping this one`, {
          intervalMs: state.intervalMs,
        });
        return;
      }
      state.runs++;
      const event = scheduledEvent(state.ruleArn, options.region);
      log.debug(`${spec.id}: scheduled run`, { eventId: event.id });
      const run = Promise.resolve()
        .then(() => options.invoke(schedule.function, event))
        .then(
          () => undefined,
          (error: unknown) => {
            state.failures++;
            log.error(`${spec.id}: scheduled run failed; the next one comes on schedule`, {
              eventId: event.id,
              error: describeError(error),
            });
          },
        )
        .finally(() => {
          current = undefined;
          running.delete(run);
        });
      current = run;
      running.add(run);
    };

    timers.push(setInterval(tick, state.intervalMs));
    return state;
  });

  return {
    stats,
    stop: async () => {
      stopped = true;
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.all(running);
    },
  };
}
