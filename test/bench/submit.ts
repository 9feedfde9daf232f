/**
 * Benchmark: dossier submissions and fan-out on the embedded local runtime (in memory).
 *
 *   npm run bench -- [--dossiers 500] [--concurrency 16] [--deadline 600]
 *
 * Files DIRECT dossiers at the four centers through the HTTP API, then waits until every one has
 * been routed to its agency and taken up (a local endpoint stands in for the commune agency
 * system, so the agency handler starts each dossier). Prints throughput and latency
 * percentiles. Figures are for this machine and DynamoDB Local, not for AWS.
 *
 * Exits 1 when a submission failed or when `--deadline` seconds after the first submission some
 * filed dossier has still not reached the endpoint.
 */
import { parseArgs } from 'node:util';
import { silentLog } from '#infra/local/log.ts';
import { startLocalRuntime } from '#infra/local/start.ts';
import { benchExitCode, fanOutProgress } from './fan-out-progress.ts';
import { birthRegistration, devToken, startAgencyEndpoint } from './harness.ts';

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

// The commune agency system's endpoint: notes which dossier each delivery was.
const deliveredCodes: string[] = [];
const agency = await startAgencyEndpoint(({ dossierCode }) => deliveredCodes.push(dossierCode));
process.env.MOTCUA_AGENCY_WEBHOOKS = JSON.stringify({ commune: agency.url });
process.env.MOTCUA_WEBHOOK_SECRET = 'bench-secret';
// The bench measures the store and the fan-out, not the per-client throttle.
process.env.MOTCUA_CLIENT_RATE_LIMIT = '1000000/1';

const runtime = await startLocalRuntime({ port: 0, memory: true, log: silentLog });
const centers = ['hong-gai', 'bai-chay', 'tien-yen', 'uong-bi'];
const tokens = Object.fromEntries(
  await Promise.all(centers.map(async (c) => [c, await devToken(runtime.url, `local-center-${c}`)])),
);

const latencies: number[] = [];
const codes: string[] = [];
let failures = 0;
let next = 0;
const started = performance.now();
async function worker() {
  while (next < total) {
    const i = next++;
    const centerId = centers[i % centers.length] ?? 'hong-gai';
    const t0 = performance.now();
    const response = await fetch(`${runtime.url}/v1/dossiers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[centerId]}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-${process.pid}-${i}`,
      },
      body: birthRegistration(centerId),
    });
    latencies.push(performance.now() - t0);
    if (response.status === 201) codes.push(((await response.json()) as { dossierCode: string }).dossierCode);
    else {
      failures++;
      await response.body?.cancel();
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const submitSeconds = (performance.now() - started) / 1000;

// Fan-out: stream → router → agency queue → agency handler → endpoint → START.
const deadline = started + deadlineSeconds * 1000;
let progress = fanOutProgress(codes, deliveredCodes);
while (progress.pending.length > 0 && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 100));
  progress = fanOutProgress(codes, deliveredCodes);
}
const fanOutSeconds = (performance.now() - started) / 1000;

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
console.log(
  `motcua local benchmark — ${process.version}, ${total} DIRECT submissions, concurrency ${concurrency}`,
);
console.log(
  `  submitted   ${codes.length} ok, ${failures} failed in ${submitSeconds.toFixed(2)} s = ${(codes.length / submitSeconds).toFixed(1)} dossiers/s`,
);
console.log(`  latency     p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`);
console.log(`  codes       ${new Set(codes).size} distinct of ${codes.length}`);
console.log(
  `  fan-out     ${progress.delivered} of ${progress.filed} dossiers delivered to the agency endpoint (${progress.deliveries} deliveries) ${fanOutSeconds.toFixed(2)} s after the first submission`,
);
if (progress.pending.length > 0) {
  console.log(
    `  NOT DONE    ${progress.pending.length} dossiers undelivered after the ${deadlineSeconds} s deadline, e.g. ${progress.pending.slice(0, 3).join(', ')}`,
  );
}

await runtime.stop();
agency.close();
process.exitCode = benchExitCode(progress, failures);
