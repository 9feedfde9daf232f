/**
 * Benchmark: dossier intake and fan-out on the embedded local runtime (in memory), against raw
 * DynamoDB Local on the same instance in the same run.
 *
 *   npm run bench -- [--dossiers 500] [--concurrency 16] [--deadline 600]
 *
 * 1. Warm-up: a few DIRECT dossiers (not counted), the first of which gives the raw item's size.
 * 2. Raw DynamoDB Local, on the runtime's own instance: `--dossiers` PutItems of an item the
 *    size of a stored dossier into a scratch table, then as many GetItems, at 8 concurrent
 *    (after one such round not counted, which warms the JVM's write path).
 * 3. Intake at 8 concurrent: `--dossiers` DIRECT dossiers filed at the four centers over HTTP,
 *    then a wait until each has reached the commune agency's endpoint (a local endpoint stands
 *    in for it; the agency handler starts each dossier), then raw again: the ratio is taken to
 *    the faster raw PutItem of the two. Raw PutItem and intake again at `--concurrency` when it
 *    is not 8.
 * Prints the rates, the ratio of intake to raw PutItem, the submission latency percentiles, the
 * delivery lag (each dossier's 201 → its first arrival at the agency endpoint) and ✓/✗ against
 * the goals (figures.ts). Figures are for this machine and DynamoDB Local, not for AWS.
 *
 * Exits 1 when a submission failed or when `--deadline` seconds after the first submission some
 * filed dossier has still not reached the endpoint (the goals do not change the exit code).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { silentLog } from '#infra/local/log.ts';
import { startLocalRuntime } from '#infra/local/start.ts';
import { DynamoClientRateCounter } from '#shared/adapters/client-rate-counter.ts';
import { dossierKey } from '#shared/adapters/dossier-item.ts';
import { DynamoDossierStore } from '#shared/adapters/dossier-store.ts';
import type { FiledDossier } from '#shared/use-cases/ports.ts';
import { benchExitCode, fanOutProgress } from './fan-out-progress.ts';
import {
  deliveryLags,
  formatPercentiles,
  GOAL_CONCURRENCY,
  GOALS,
  goalVerdict,
  mark,
  percentiles,
  ratePerSecond,
} from './figures.ts';
import { birthRegistration, devToken, startAgencyEndpoint, startPortalEndpoint } from './harness.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    deadline: { type: 'string', default: '600' },
  },
});
const total = Number(values.dossiers);
const concurrency = Number(values.concurrency);
const deadlineSeconds = Number(values.deadline);
const WARM_UP_DOSSIERS = 16;

// The commune agency system's endpoint: notes when each dossier first arrived.
const deliveredCodes: string[] = [];
const firstDeliveredAt = new Map<string, number>();
const agency = await startAgencyEndpoint(({ dossierCode }) => {
  deliveredCodes.push(dossierCode);
  if (!firstDeliveredAt.has(dossierCode)) firstDeliveredAt.set(dossierCode, performance.now());
});
// The national portal takes every sync (without one the sync messages would be retried all along).
const portal = await startPortalEndpoint();
process.env.MOTCUA_AGENCY_WEBHOOKS = JSON.stringify({ commune: agency.url });
process.env.MOTCUA_PORTAL_SYNC_URL = portal.url;
process.env.MOTCUA_WEBHOOK_SECRET = 'bench-secret';
// The bench measures the store and the fan-out, not the per-client throttle.
process.env.MOTCUA_CLIENT_RATE_LIMIT = '1000000/1';

const runtime = await startLocalRuntime({ port: 0, memory: true, log: silentLog });

/**
 * Requests to the emulators by operation, counted in the handlers' SDK clients (module
 * singletons, imported here once the runtime has set their environment) and the runtime's own
 * (the pollers'): what each phase costs DynamoDB Local and fauxqs.
 */
const requests = new Map<string, number>();
type Counted = {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
};
function countRequests(client: Counted, service: string): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
      const name = `${service} ${context.commandName?.replace(/Command$/, '') ?? '?'}`;
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCount' },
  );
}
const handlerClients = await import('#shared/adapters/aws-clients.ts');
countRequests(handlerClients.dynamoDb as unknown as Counted, 'DynamoDB');
countRequests(handlerClients.sqs as unknown as Counted, 'SQS');
countRequests(runtime.clients.dynamodb as unknown as Counted, 'DynamoDB');
countRequests(runtime.clients.streams as unknown as Counted, 'Streams');
countRequests(runtime.clients.sqs as unknown as Counted, 'SQS');
/** The requests since the last call, per dossier. */
let counted = new Map<string, number>();
function requestsSince(dossiers: number): string {
  const now = new Map(requests);
  const lines = [...now]
    .map(([name, n]) => [name, n - (counted.get(name) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / Math.max(1, dossiers)).toFixed(2)}`);
  counted = now;
  return lines.join(', ');
}

const centers = ['hong-gai', 'bai-chay', 'tien-yen', 'uong-bi'];
const tokens = Object.fromEntries(
  await Promise.all(centers.map(async (c) => [c, await devToken(runtime.url, `local-center-${c}`)])),
);

/** Runs `count` operations `width` at a time; each one's latency, and the wall time. */
async function timed(count: number, width: number, operation: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const ok = await operation(i);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  return { latencies, failures, ms: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Intake

const filedCodes: string[] = [];
let submissionFailures = 0;
let firstSubmissionAt: number | undefined;

/**
 * One filing: its dossier code, or undefined when it was refused. A connection lost under way
 * (a keep-alive connection the server closed while idle between phases) is retried with the
 * same Idempotency-Key, as a client would: it files once.
 */
async function submit(centerId: string, idempotencyKey: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${runtime.url}/v1/dossiers`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[centerId]}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: birthRegistration(centerId),
      });
      if (response.status !== 201) {
        await response.body?.cancel();
        return undefined;
      }
      return ((await response.json()) as { dossierCode: string }).dossierCode;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

/** Files `count` dossiers `width` at a time; when each was accepted. */
async function intake(count: number, width: number, label: string) {
  const acceptedAt = new Map<string, number>();
  firstSubmissionAt ??= performance.now();
  const run = await timed(count, width, async (i) => {
    const centerId = centers[i % centers.length] ?? 'hong-gai';
    const dossierCode = await submit(centerId, `bench-${process.pid}-${label}-${i}`);
    if (dossierCode === undefined) return false;
    acceptedAt.set(dossierCode, performance.now());
    filedCodes.push(dossierCode);
    return true;
  });
  submissionFailures += run.failures;
  return { ...run, acceptedAt, perSecond: ratePerSecond(acceptedAt.size, run.ms) };
}

/** Waits until every dossier filed so far reached the endpoint, or the deadline passed. */
async function fannedOut() {
  const deadline = (firstSubmissionAt ?? performance.now()) + deadlineSeconds * 1000;
  let progress = fanOutProgress(filedCodes, deliveredCodes);
  while (progress.pending.length > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    progress = fanOutProgress(filedCodes, deliveredCodes);
  }
  return progress;
}

// ---------------------------------------------------------------------------------------------
// Raw DynamoDB Local

const RAW_TABLE = `bench-raw-${process.pid}`;
const RAW_RATES_TABLE = `bench-raw-rates-${process.pid}`;

/** Scratch tables keyed like the dossiers and clientRates tables (no indexes, no stream). */
async function createRawTables(dynamodb: DynamoDBClient): Promise<void> {
  const table = (name: string, keys: string[]) =>
    dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  await table(RAW_TABLE, ['pk', 'sk']);
  await table(RAW_RATES_TABLE, ['id']);
}

/**
 * A submission's own DynamoDB requests, through the stores' own code but on the scratch tables:
 * the client's rate count (UpdateItem; the handler batches it, a tenth of the limit at a time),
 * the read of the key (GetItem), the day sequence (UpdateItem) and the commit (a transaction of
 * the key's record, the dossier and its first event): what intake would do with no HTTP, no
 * handler and no fan-out around it.
 */
async function writeModel(filed: FiledDossier, width: number, label: string) {
  const documents = runtime.clients.documents;
  const store = new DynamoDossierStore(documents, RAW_TABLE);
  const rates = new DynamoClientRateCounter(documents, RAW_RATES_TABLE);
  const run = await timed(total, width, async (i) => {
    const key = { clientId: 'local-center-hong-gai', idempotencyKey: `raw-${label}-${i}` };
    await rates.count(key.clientId, Math.floor(Date.now() / 10_000) * 10, 10);
    if (await store.prior(key, new Date())) return false;
    await store.nextSequence(`RAW#${label}`);
    const dossierCode = `RAW-${label}-${i}`;
    const commit = await store.commit(
      key,
      'fingerprint',
      { dossier: { ...filed.dossier, dossierCode }, event: filed.event },
      new Date(),
    );
    return commit.state === 'committed';
  });
  return { perSecond: ratePerSecond(total - run.failures, run.ms), latency: percentiles(run.latencies) };
}

/** PutItems of `item` under fresh keys, then GetItems of the same keys, `width` at a time. */
async function raw(
  dynamodb: DynamoDBClient,
  item: Record<string, AttributeValue>,
  width: number,
  label: string,
) {
  const key = (i: number) => ({ pk: { S: `RAW#${label}#${i}` }, sk: { S: '#DOSSIER' } });
  const puts = await timed(total, width, async (i) => {
    await dynamodb.send(new PutItemCommand({ TableName: RAW_TABLE, Item: { ...item, ...key(i) } }));
    return true;
  });
  const gets = await timed(total, width, async (i) => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: RAW_TABLE, Key: key(i), ConsistentRead: true }),
    );
    return Item !== undefined;
  });
  return {
    putPerSecond: ratePerSecond(total, puts.ms),
    getPerSecond: ratePerSecond(total - gets.failures, gets.ms),
    put: percentiles(puts.latencies),
    get: percentiles(gets.latencies),
  };
}

// ---------------------------------------------------------------------------------------------
// The run

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const loadBefore = load();

// Warm-up: the handlers' first requests, and a stored dossier to size the raw items by.
const warmUp = await intake(WARM_UP_DOSSIERS, 4, 'warm-up');
await fannedOut();
const sample = [...warmUp.acceptedAt.keys()][0];
const { dynamodb } = runtime.clients;
const stored = sample
  ? (
      await dynamodb.send(
        new GetItemCommand({
          TableName: runtime.resources.tables.dossiers.name,
          Key: { pk: { S: dossierKey(sample).pk }, sk: { S: dossierKey(sample).sk } },
        }),
      )
    ).Item
  : undefined;
if (!stored) throw new Error('the warm-up filed no dossier to size the raw items by');
const itemBytes = Buffer.byteLength(JSON.stringify(stored));
const sampleFiled = sample
  ? await new DynamoDossierStore(
      runtime.clients.documents,
      runtime.resources.tables.dossiers.name,
    ).getWithHistory(sample)
  : undefined;
const firstEvent = sampleFiled?.history[0];
if (!sampleFiled || !firstEvent) throw new Error('the warm-up dossier has no history');
await createRawTables(dynamodb);

type Phase = {
  width: number;
  /** The raw phase the ratio is taken to (the faster), and both raw PutItem rates, before and after intake. */
  raw: Awaited<ReturnType<typeof raw>>;
  rawRates: [number, number];
  writes: Awaited<ReturnType<typeof writeModel>>;
  intake: Awaited<ReturnType<typeof intake>>;
  lag: ReturnType<typeof percentiles>;
  delivered: number;
  /** Emulator requests per dossier while filing, and from then until every dossier was delivered. */
  duringIntake: string;
  afterIntake: string;
};
const phases: Phase[] = [];
// DynamoDB Local's write path is slow until the JVM has compiled it: one round not counted, so
// that raw PutItem is not measured cold (a cold reference flatters the ratio).
await raw(dynamodb, stored, GOAL_CONCURRENCY, 'jvm-warm-up');
for (const width of [...new Set([GOAL_CONCURRENCY, concurrency])]) {
  const rawBefore = await raw(dynamodb, stored, width, `c${width}`);
  const writes = await writeModel({ dossier: sampleFiled.dossier, event: firstEvent }, width, `c${width}`);
  requestsSince(1);
  const filed = await intake(total, width, `c${width}`);
  const duringIntake = requestsSince(filed.acceptedAt.size);
  const progress = await fannedOut();
  const afterIntake = requestsSince(filed.acceptedAt.size);
  const lags = deliveryLags(filed.acceptedAt, firstDeliveredAt);
  // Raw again once the fan-out is done: the reference is the faster of the two, so a machine
  // busier during one raw phase than during intake cannot lift the ratio.
  const rawAfter = await raw(dynamodb, stored, width, `c${width}-after`);
  phases.push({
    width,
    raw: rawAfter.putPerSecond > rawBefore.putPerSecond ? rawAfter : rawBefore,
    rawRates: [rawBefore.putPerSecond, rawAfter.putPerSecond],
    writes,
    intake: filed,
    lag: percentiles(lags),
    delivered: lags.length,
    duringIntake,
    afterIntake,
  });
  if (progress.pending.length > 0) break;
}
for (const TableName of [RAW_TABLE, RAW_RATES_TABLE]) {
  await dynamodb.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
}
const progress = fanOutProgress(filedCodes, deliveredCodes);

// ---------------------------------------------------------------------------------------------
// Report

console.log(
  `motcua local benchmark — ${process.version}, ${total} DIRECT submissions per phase (after ${WARM_UP_DOSSIERS} warm-up), load average ${loadBefore} before, ${load()} after`,
);
console.log(
  `  raw item    ${itemBytes} bytes (a stored dossier, as DynamoDB JSON), scratch table on the runtime's DynamoDB Local`,
);
for (const phase of phases) {
  const { raw: r, rawRates, writes: w, intake: i, lag, width } = phase;
  const verdict = goalVerdict(i.perSecond, r.putPerSecond, percentiles(i.latencies).p99);
  console.log(`  concurrency ${width}`);
  console.log(
    `    raw PutItem ${r.putPerSecond.toFixed(1)}/s (${formatPercentiles(r.put)}; the faster of ${rawRates.map((rate) => rate.toFixed(1)).join('/s before intake and ')}/s after); GetItem ${r.getPerSecond.toFixed(1)}/s (${formatPercentiles(r.get)})`,
  );
  console.log(
    `    its writes  ${w.perSecond.toFixed(1)} submissions/s, ratio to raw PutItem ${(w.perSecond / r.putPerSecond).toFixed(3)} (a submission's 4 requests alone, 3 of them writes, the ceiling of intake: ${formatPercentiles(w.latency)})`,
  );
  console.log(
    `    intake      ${i.acceptedAt.size} ok, ${i.failures} failed in ${(i.ms / 1000).toFixed(2)} s = ${i.perSecond.toFixed(1)} dossiers/s; ratio to raw PutItem ${verdict.ratio.toFixed(3)}`,
  );
  console.log(`    latency     ${formatPercentiles(percentiles(i.latencies))}`);
  console.log(
    `    lag         201 → agency endpoint: ${formatPercentiles(lag)} (${phase.delivered} of ${i.acceptedAt.size} delivered)`,
  );
  console.log(`    requests    per dossier while filing (raw phases excluded): ${phase.duringIntake}`);
  console.log(`                per dossier after, until delivered: ${phase.afterIntake || 'none'}`);
  if (width === GOAL_CONCURRENCY) {
    console.log(
      `    goals       ${mark(verdict.ratioMet)} intake ≥ ${GOALS.minRatio} × raw PutItem (${verdict.ratio.toFixed(3)})   ${mark(verdict.p99Met)} p99 ≤ ${GOALS.maxP99Ms} ms (${percentiles(i.latencies).p99.toFixed(1)} ms)`,
    );
  }
}
console.log(
  `  fan-out     ${progress.delivered} of ${progress.filed} dossiers delivered to the agency endpoint (${progress.deliveries} deliveries)`,
);
if (progress.pending.length > 0) {
  console.log(
    `  NOT DONE    ${progress.pending.length} dossiers undelivered after the ${deadlineSeconds} s deadline, e.g. ${progress.pending.slice(0, 3).join(', ')}`,
  );
}

await runtime.stop();
agency.close();
portal.close();
process.exitCode = benchExitCode(progress, submissionFailures);
