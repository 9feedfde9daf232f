/**
 * Chaos: kill -9 the local runtime under submission load, restart it on the same data, retry
 * every request that got no answer with the same Idempotency-Key, and count what happened.
 *
 *   npm run chaos -- [--kills 5] [--seconds 60] [--concurrency 8]
 *
 * The runtime (persistent, on a fresh temporary folder) runs in its own process group with its
 * DynamoDB Local; each kill sends SIGKILL to the whole group at a moment spread over the load.
 * A local endpoint stands in for the commune agency system and records every delivery. At the
 * end it prints acknowledged / lost / extra dossiers / undelivered / delivered twice; every
 * figure but the first must be 0 (exit code 1 otherwise), and the seconds from the last restart
 * to the last delivery.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { freePort } from '#infra/local/emulators.ts';
import { birthRegistration, devToken, startAgencyEndpoint } from '../bench/harness.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
  },
});
const kills = Number(values.kills);
const loadSeconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
if (![kills, loadSeconds, concurrency].every((n) => Number.isInteger(n) && n >= 0) || concurrency < 1) {
  throw new Error('--kills, --seconds and --concurrency take whole numbers (concurrency ≥ 1)');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

// ---- the agency endpoint: every delivery, by dossier and event -------------------------------
const deliveries = new Map<string, { events: Set<string>; posts: number }>();
let lastDeliveryAt = 0;
const agency = await startAgencyEndpoint(({ dossierCode, eventId }) => {
  const seen = deliveries.get(dossierCode) ?? { events: new Set(), posts: 0 };
  seen.events.add(eventId);
  seen.posts++;
  lastDeliveryAt = performance.now();
  deliveries.set(dossierCode, seen);
});

// ---- the runtime, in its own process group ----------------------------------------------------
const dataDir = await mkdtemp(join(tmpdir(), 'motcua-chaos-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
let runtime: ChildProcess | undefined;
let lastReadyAt = 0;
/** Resolves while the runtime serves; workers wait on it instead of spinning while it restarts. */
let up: Promise<void> = Promise.resolve();

function startRuntime(): Promise<void> {
  up = launchRuntime();
  return up;
}

async function launchRuntime(): Promise<void> {
  const child = spawn(process.execPath, ['test/chaos/runtime.ts'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      CHAOS_DATA_DIR: dataDir,
      PORT: String(port),
      MOTCUA_AGENCY_WEBHOOKS: JSON.stringify({ commune: agency.url }),
      MOTCUA_WEBHOOK_SECRET: 'chaos-secret',
      MOTCUA_CLIENT_RATE_LIMIT: '1000000/1',
    },
  });
  runtime = child;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('ready ')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`runtime exited (${code ?? signal}) before ready`)),
    );
  });
  lastReadyAt = performance.now();
}

function killRuntime(): void {
  if (runtime?.pid) {
    try {
      process.kill(-runtime.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runtime = undefined;
}
// Whatever ends this script, the runtime's process group goes with it.
process.on('exit', killRuntime);

// ---- the clients ------------------------------------------------------------------------------
type Attempt = { status: number; code?: string; retryAfter?: number };
async function submit(token: string, i: number): Promise<Attempt> {
  try {
    const response = await fetch(`${url}/v1/dossiers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `chaos-${i.toString().padStart(8, '0')}`,
      },
      body: birthRegistration('hong-gai', `Đăng ký khai sinh ${i}`),
      signal: AbortSignal.timeout(60_000),
    });
    const json = (await response.json()) as { dossierCode?: string };
    return {
      status: response.status,
      ...(json.dossierCode ? { code: json.dossierCode } : {}),
      retryAfter: Number(response.headers.get('retry-after') ?? '1'),
    };
  } catch {
    return { status: 0 }; // no answer: the runtime died under it
  }
}

// ---- run --------------------------------------------------------------------------------------
const acknowledged = new Map<number, string>();
const unanswered = new Set<number>();
let issued = 0;
let running = true;

await startRuntime();
const token = await devToken(url, 'local-center-hong-gai');
const loadStarted = performance.now();
process.stdout.write(`chaos: ${kills} kills over ${loadSeconds} s of load at concurrency ${concurrency}\n`);

async function worker(): Promise<void> {
  while (running) {
    await up;
    const i = issued++;
    const attempt = await submit(token, i);
    if (attempt.status === 201 && attempt.code) acknowledged.set(i, attempt.code);
    else unanswered.add(i);
  }
}
const workers = Array.from({ length: concurrency }, worker);
for (let k = 1; k <= kills; k++) {
  await sleep((loadSeconds * 1000) / (kills + 1));
  killRuntime();
  process.stdout.write(`  kill ${k} at ${secondsSince(loadStarted)} s; restarting\n`);
  const restarting = performance.now();
  await startRuntime();
  process.stdout.write(`  up again after ${secondsSince(restarting)} s\n`);
}
await sleep((loadSeconds * 1000) / (kills + 1));
running = false;
await Promise.all(workers);

// Every request that got no 201: the same key and body again until it is answered.
const retryDeadline = Date.now() + 5 * 60_000;
const retries = [...unanswered];
async function retrier(): Promise<void> {
  for (let i = retries.shift(); i !== undefined; i = retries.shift()) {
    for (;;) {
      const attempt = await submit(token, i);
      if (attempt.status === 201 && attempt.code) {
        acknowledged.set(i, attempt.code);
        break;
      }
      if (Date.now() > retryDeadline) break;
      await sleep((attempt.retryAfter ?? 1) * 1000);
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, retrier));

// Wait (with a deadline) for every acknowledged dossier to reach the agency.
const codes = new Set(acknowledged.values());
const deliveryDeadline = Date.now() + 10 * 60_000;
while ([...codes].some((c) => !deliveries.has(c)) && Date.now() < deliveryDeadline) await sleep(250);

// What the store holds: every dossier of the center, through the admin's worklist.
const admin = await devToken(url, 'local-admin');
const stored: string[] = [];
let cursor: string | undefined;
do {
  const query = new URLSearchParams({ centerId: 'hong-gai', limit: '100', ...(cursor ? { cursor } : {}) });
  const response = await fetch(`${url}/v1/dossiers?${query}`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const page = (await response.json()) as { items: { dossierCode: string }[]; nextCursor?: string };
  stored.push(...page.items.map((d) => d.dossierCode));
  cursor = page.nextCursor;
} while (cursor);

const storedSet = new Set(stored);
const lost = [...codes].filter((c) => !storedSet.has(c));
const extra = stored.filter((c) => !codes.has(c));
const undelivered = [...codes].filter((c) => !deliveries.has(c));
const deliveredTwice = [...deliveries.entries()].filter(([, d]) => d.events.size > 1).map(([c]) => c);
const redelivered = [...deliveries.values()].filter((d) => d.posts > d.events.size).length;
const unretried = issued - acknowledged.size;

console.log(`keys issued           ${issued} (${unanswered.size} unanswered, retried with the same key)`);
console.log(`acknowledged          ${acknowledged.size} (distinct dossiers ${codes.size})`);
console.log(`unacknowledged        ${unretried}`);
console.log(`lost                  ${lost.length}${lost.length ? ` ${lost.slice(0, 5).join(' ')}` : ''}`);
console.log(`extra dossiers        ${extra.length}${extra.length ? ` ${extra.slice(0, 5).join(' ')}` : ''}`);
console.log(`undelivered           ${undelivered.length}`);
console.log(
  `delivered twice       ${deliveredTwice.length} (same event posted again, deduplicable: ${redelivered})`,
);
console.log(
  `last restart → last delivery  ${Math.max(0, (lastDeliveryAt - lastReadyAt) / 1000).toFixed(1)} s`,
);

killRuntime();
agency.close();
await rm(dataDir, { recursive: true, force: true });
const failed =
  lost.length +
  extra.length +
  undelivered.length +
  deliveredTwice.length +
  unretried +
  (codes.size === acknowledged.size ? 0 : 1);
process.exit(failed === 0 ? 0 : 1);
