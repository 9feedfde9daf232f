/**
 * `npm start`: the embedded local runtime (docs/architecture.md §6).
 * DynamoDB Local + fauxqs, the topology's tables/queues/bucket, the seed catalog, the API and
 * the OAuth2 token endpoint on http://127.0.0.1:$PORT, pollers playing Lambda's event source
 * mappings and timers playing the EventBridge schedules — all built from infra/topology.ts,
 * running the same handler modules as Lambda.
 *
 *   npm start                 persistent: data under .motcua/ (kept between starts)
 *   npm start -- --fresh      delete .motcua/ first (reseeds the catalog)
 *   npm start -- --memory     nothing on disk (tests, benchmarks)
 *
 * Environment: PORT (default 3000), LOG_LEVEL (handlers default to WARN, this runtime to INFO),
 * the local-only MOTCUA_QUEUE_VISIBILITY_SECONDS (quicker SQS retries), MOTCUA_QUEUE_MAX_RECEIVES
 * (dead-letter sooner than the topology's day of retries), MOTCUA_SCHEDULE_SECONDS (run every schedule this often instead of its rate)
 * and MOTCUA_MAX_BATCHING_WINDOW_SECONDS (cap the consumers' batching windows; tests set 0), and the
 * handlers' own knobs MOTCUA_PORTAL_SYNC_URL (the national portal's sync endpoint), MOTCUA_AGENCY_WEBHOOKS,
 * MOTCUA_WEBHOOK_SECRET, MOTCUA_OFFICE_HOURS (passed through) and MOTCUA_RETRY_BASE_SECONDS
 * (passed through; 2 when unset, where AWS has 30).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  PAYMENT_GATEWAY_URL_ENV,
  PUBLIC_LOOKUP_PATH,
  PUBLIC_LOOKUP_URL_ENV,
  RETRY_BASE_SECONDS_ENV,
  SIMULATED_PAYMENT_GATEWAY_PATH,
} from '#infra/topology.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { seedCatalog } from '#shared/use-cases/seed-catalog.ts';
import { type AwsClients, awsClients } from './clients.ts';
import { LOCAL_REGION, REPO_ROOT } from './constants.ts';
import { DEV_CLIENT_BINDINGS, DEV_CLIENT_SECRET, DEV_CLIENTS } from './dev-clients.ts';
import { type Emulators, startEmulators } from './emulators.ts';
import { applyEnvironment, handlerEnvironment, LOCAL_RETRY_BASE_SECONDS } from './environment.ts';
import { type LocalHttpServer, startHttpServer } from './http-server.ts';
import { FunctionRunner } from './lambda.ts';
import { createLog, describeError, type Log, parseLogLevel } from './log.ts';
import { startConsumers } from './pollers.ts';
import { type LocalResources, provision } from './provision.ts';
import { releaseInFlightMessages, topologyQueues } from './recovery.ts';
import { type ScheduleTimers, startSchedules } from './schedules.ts';
import { StateStore } from './state.ts';
import { TokenService } from './tokens.ts';
import { startUploadNotifier } from './uploads.ts';

export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.motcua');

export type LocalRuntimeOptions = {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Nothing on disk: DynamoDB Local in memory, fauxqs without dataDir, state in memory. */
  memory?: boolean;
  /** Delete the data folder first (persistent mode). */
  fresh?: boolean;
  /** Default `<repo>/.motcua`. */
  dataDir?: string;
  /** Overrides the topology's queue visibility timeout (MOTCUA_QUEUE_VISIBILITY_SECONDS). */
  queueVisibilitySeconds?: number | undefined;
  /** Overrides the topology's maxReceiveCount of the agency queues (MOTCUA_QUEUE_MAX_RECEIVES). */
  queueMaxReceives?: number | undefined;
  /** The handlers' POWERTOOLS_LOG_LEVEL (default WARN). */
  handlerLogLevel?: string | undefined;
  /** Start the SQS and stream pollers (default true). */
  pollers?: boolean;
  /** Start the schedules' timers (default true). */
  schedules?: boolean;
  /** Run every schedule this often instead of at its rate (MOTCUA_SCHEDULE_SECONDS). */
  scheduleSeconds?: number | undefined;
  /**
   * Caps the consumers' batching windows (MOTCUA_MAX_BATCHING_WINDOW_SECONDS; default: each
   * consumer's own, as in AWS): the test runtimes set 0, so a test waits on no window.
   */
  maxBatchingWindowSeconds?: number | undefined;
  /** The handlers' MOTCUA_RETRY_BASE_SECONDS (default: the variable, else 2). */
  retryBaseSeconds?: number | undefined;
  log?: Log;
};

export type LocalRuntime = {
  url: string;
  port: number;
  mode: 'memory' | 'persistent';
  /** undefined in memory mode. */
  dataDir: string | undefined;
  /** Whether the catalog was seeded on this start. */
  seeded: boolean;
  /** Seconds from the call to ready. */
  startupSeconds: number;
  resources: LocalResources;
  /** The environment handlers run with (also applied to process.env). */
  environment: Record<string, string>;
  emulators: Emulators;
  clients: AwsClients;
  runner: FunctionRunner;
  /** The schedules' timers; undefined when started without them. */
  schedules: ScheduleTimers | undefined;
  http: LocalHttpServer;
  state: StateStore;
  stop(): Promise<void>;
};

/** What has started so far; stopped in reverse order (on a failed start, and by stop()). */
type Cleanups = { push(step: () => Promise<void> | void): void; run(): Promise<void> };

function cleanupStack(log: Log): Cleanups {
  const steps: (() => Promise<void> | void)[] = [];
  return {
    push: (step) => {
      steps.push(step);
    },
    run: async () => {
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          log.warn('error while stopping', { error: describeError(error) });
        }
      }
    },
  };
}

/** The emulators, the runtime's SDK clients, and the topology's resources in them. */
async function startStorage(
  options: LocalRuntimeOptions,
  dataDir: string | undefined,
  state: StateStore,
  cleanups: Cleanups,
  log: Log,
) {
  const emulators = await startEmulators({
    dataDir,
    fauxqsPort: state.value.fauxqsPort,
    accessKeyId: state.value.accessKeyId,
    region: LOCAL_REGION,
    log,
  });
  cleanups.push(() => emulators.stop());
  state.setFauxqsPort(emulators.fauxqs.port);
  const clients = awsClients(emulators);
  cleanups.push(() => clients.destroy());
  const resources = await provision(clients, {
    queueVisibilitySeconds: options.queueVisibilitySeconds,
    queueMaxReceives: options.queueMaxReceives,
    log,
  });
  return { emulators, clients, resources };
}

/** The handlers' environment, their modules loaded, and the catalog seeded (as a deploy does). */
async function loadFunctions(
  options: LocalRuntimeOptions,
  clients: AwsClients,
  resources: LocalResources,
  state: StateStore,
) {
  // Handlers read their configuration at import: the environment goes in first.
  const environment = handlerEnvironment(resources, {
    logLevel: options.handlerLogLevel,
    retryBaseSeconds: options.retryBaseSeconds,
    cursorKey: state.value.cursorKey,
  });
  applyEnvironment(environment);
  const runner = new FunctionRunner({ region: resources.region });
  const [, seed] = await Promise.all([
    runner.preload(),
    // The same load as a deploy: missing seed entries are added, the dev clients' bindings written.
    seedCatalog(new DynamoCatalog(clients.documents, resources.tables.catalog.name), DEV_CLIENT_BINDINGS),
  ]);
  return { environment, runner, seeded: seed.added > 0 };
}

/** The pollers (Lambda's event source mappings) and the schedules' timers, as the options ask. */
function startEventSources(
  options: LocalRuntimeOptions,
  context: {
    clients: AwsClients;
    resources: LocalResources;
    runner: FunctionRunner;
    state: StateStore;
    emulators: Emulators;
  },
  cleanups: Cleanups,
  log: Log,
): ScheduleTimers | undefined {
  const { clients, resources, runner, state, emulators } = context;
  const invoke = (functionId: string, event: unknown) => runner.invoke(functionId, event);
  if (options.pollers ?? true) {
    const pollers = startConsumers({
      clients,
      resources,
      invoke,
      checkpoints: state,
      maxBatchingWindowSeconds: options.maxBatchingWindowSeconds,
      log,
    });
    cleanups.push(() => pollers.stop());
    const uploads = startUploadNotifier({
      spy: emulators.fauxqs.server.spy,
      s3: clients.s3,
      bucket: resources.bucket,
      region: resources.region,
      invoke,
      log,
    });
    cleanups.push(() => uploads.stop());
  }
  if (!(options.schedules ?? true)) return undefined;
  const timers = startSchedules({
    invoke,
    region: resources.region,
    intervalMs: options.scheduleSeconds === undefined ? undefined : options.scheduleSeconds * 1000,
    log,
  });
  cleanups.push(() => timers.stop());
  return timers;
}

/**
 * Starts everything: state → emulators and resources → functions and catalog → messages left in
 * flight by an earlier run released → pollers and schedules → the API. On failure stops what
 * had started and rethrows.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const started = performance.now();
  const log = options.log ?? createLog();
  const memory = options.memory ?? false;
  const dataDir = memory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR);
  if (dataDir !== undefined && options.fresh) await rm(dataDir, { recursive: true, force: true });
  const cleanups = cleanupStack(log);

  try {
    const state = await StateStore.open(dataDir === undefined ? undefined : join(dataDir, 'state.json'), log);
    cleanups.push(() => state.flush());
    const { emulators, clients, resources } = await startStorage(options, dataDir, state, cleanups, log);
    const { environment, runner, seeded } = await loadFunctions(options, clients, resources, state);
    // Before the pollers: their predecessor is gone, its messages need not wait out their timeout.
    await releaseInFlightMessages({
      fauxqs: emulators.fauxqs.server,
      sqs: clients.sqs,
      queues: topologyQueues(resources),
      log,
    });
    const schedules = startEventSources(
      options,
      { clients, resources, runner, state, emulators },
      cleanups,
      log,
    );
    const http = await startHttpServer({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_PORT,
      tokens: (issuer) => new TokenService(state.signingKey, issuer),
      invoke: (functionId, event) => runner.invoke(functionId, event),
      log,
    });
    cleanups.push(() => http.stop());
    // Payment pages open the simulated gateway on this server (infra/local/payment-gateway.ts).
    process.env[PAYMENT_GATEWAY_URL_ENV] = `${http.url}${SIMULATED_PAYMENT_GATEWAY_PATH}`;
    // Messages link to the public lookup page on this server.
    process.env[PUBLIC_LOOKUP_URL_ENV] ??= `${http.url}${PUBLIC_LOOKUP_PATH}`;

    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      mode: memory ? 'memory' : 'persistent',
      dataDir,
      seeded,
      startupSeconds: (performance.now() - started) / 1000,
      resources,
      environment,
      emulators,
      clients,
      runner,
      schedules,
      http,
      state,
      // HTTP server first (no new work), then timers, pollers, state, clients, emulators.
      stop: () => {
        stopping ??= cleanups.run();
        return stopping;
      },
    };
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The command

function banner(runtime: LocalRuntime, seconds: number): string {
  const byProfile = (profile: string) =>
    DEV_CLIENTS.filter((c) => c.binding.profile === profile)
      .map((c) => c.binding.clientId)
      .join(', ');
  const data =
    runtime.mode === 'memory'
      ? 'memory (nothing written to disk)'
      : `persistent, data in ${runtime.dataDir} (${runtime.seeded ? 'catalog seeded on this start' : 'data kept from an earlier start'})`;
  return [
    '',
    `motcua local runtime ready in ${seconds.toFixed(1)} s`,
    `  URL          ${runtime.url}   (OAuth2: POST ${runtime.url}/oauth2/token, contract: GET ${runtime.url}/v1/openapi.json)`,
    `  Node         ${process.version}`,
    `  Mode         ${data}`,
    `  Emulators    DynamoDB Local ${runtime.emulators.endpoints.dynamodb}, fauxqs (SQS + S3) ${runtime.emulators.endpoints.sqs}   (127.0.0.1 only)`,
    `               access key id ${runtime.emulators.credentials.accessKeyId}   (DynamoDB Local shows these tables to this key id only)`,
    ...scheduleLines(runtime),
    `  Retries      failed agency deliveries come back after ${retryBase(runtime)} s, doubling per receive (MOTCUA_RETRY_BASE_SECONDS)`,
    `  Dev clients  secret "${DEV_CLIENT_SECRET}"`,
    `    portal     ${byProfile('portal')}`,
    `    admin      ${byProfile('admin')}`,
    `    center     ${byProfile('center')}`,
    `    agency     ${byProfile('agency')}`,
    `  Try          curl -s -X POST -u local-portal:${DEV_CLIENT_SECRET} -d grant_type=client_credentials ${runtime.url}/oauth2/token`,
    '  Stop         Ctrl-C',
    '',
  ].join('\n');
}

const retryBase = (runtime: LocalRuntime): string =>
  runtime.environment[RETRY_BASE_SECONDS_ENV] ?? String(LOCAL_RETRY_BASE_SECONDS);

function scheduleLines(runtime: LocalRuntime): string[] {
  const stats = runtime.schedules?.stats ?? [];
  if (stats.length === 0) return [];
  const every = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
  return stats.map(
    (schedule, i) =>
      `${i === 0 ? '  Schedules    ' : '               '}${runtime.runner.spec(schedule.functionId).id} every ${every(schedule.intervalMs)}` +
      (i === 0 ? '   (MOTCUA_SCHEDULE_SECONDS=<s> runs every schedule that often)' : ''),
  );
}

function integerEnv(name: string, min: number, max: number): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

class UsageError extends Error {}

const USAGE = 'usage: npm start [-- --fresh | --memory]\n';
const HELP =
  USAGE +
  '  env: PORT, LOG_LEVEL, MOTCUA_QUEUE_VISIBILITY_SECONDS, MOTCUA_QUEUE_MAX_RECEIVES, MOTCUA_SCHEDULE_SECONDS,\n' +
  '       MOTCUA_RETRY_BASE_SECONDS, MOTCUA_MAX_BATCHING_WINDOW_SECONDS,\n' +
  '       MOTCUA_PORTAL_SYNC_URL, MOTCUA_AGENCY_WEBHOOKS, MOTCUA_WEBHOOK_SECRET, MOTCUA_OFFICE_HOURS\n';

type CommandLine = { help: boolean; port: number; options: LocalRuntimeOptions };

/** The flags and the environment, checked; throws on a bad flag or value. */
function parseCommandLine(log: Log): CommandLine {
  const { values: flags } = parseArgs({
    options: {
      fresh: { type: 'boolean' },
      memory: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const port = integerEnv('PORT', 0, 65_535) ?? DEFAULT_PORT;
  return {
    help: flags.help ?? false,
    port,
    options: {
      port,
      memory: flags.memory ?? false,
      fresh: flags.fresh ?? false,
      queueVisibilitySeconds: integerEnv('MOTCUA_QUEUE_VISIBILITY_SECONDS', 0, 43_200),
      queueMaxReceives: integerEnv('MOTCUA_QUEUE_MAX_RECEIVES', 1, 1_000),
      scheduleSeconds: integerEnv('MOTCUA_SCHEDULE_SECONDS', 1, 86_400),
      maxBatchingWindowSeconds: integerEnv('MOTCUA_MAX_BATCHING_WINDOW_SECONDS', 0, 300),
      // The handlers cap a delay at RETRY_POLICY.maxDelaySeconds (SQS's limit is 12 hours).
      retryBaseSeconds: integerEnv(RETRY_BASE_SECONDS_ENV, 1, 900),
      handlerLogLevel: process.env.LOG_LEVEL,
      log,
    },
  };
}

/**
 * Ctrl-C / SIGTERM stop the runtime (once started) and exit; a second signal exits at once.
 * Returns whether a signal has arrived.
 */
function stopOnSignals(log: Log, runtime: () => LocalRuntime | undefined): () => boolean {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1); // the exit hook still kills DynamoDB Local
    }
    stopping = true;
    log.info(`${signal}: stopping`);
    (runtime()?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('error while stopping', { error: describeError(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return () => stopping;
}

function startFailure(error: unknown, port: number): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `port ${port} is already in use: stop what uses it or set PORT`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** parse the command line → (help) → stop on signals → start → banner. */
async function main(): Promise<void> {
  const log = createLog(parseLogLevel(process.env.LOG_LEVEL));
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(log);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (commandLine.help) {
    process.stdout.write(HELP);
    return;
  }

  let runtime: LocalRuntime | undefined;
  const signalled = stopOnSignals(log, () => runtime);
  try {
    runtime = await startLocalRuntime(commandLine.options);
  } catch (error) {
    log.error(`could not start: ${startFailure(error, commandLine.port)}`);
    process.exit(1);
  }
  if (signalled()) return; // a signal arrived during start-up; its handler finishes the job
  // From the process start (node boot + imports included): what the developer waits for.
  process.stdout.write(banner(runtime, performance.now() / 1000));
}

if (import.meta.main) await main();
