/**
 * e2e tests drive the real `npm start -- --memory` over HTTP: started once for the project on a
 * free port, ready when GET /v1/openapi.json answers 200 and the start-up banner is out.
 * Before it, a webhook receiver (webhook-receiver.ts) stands in for the agency systems `commune`
 * and `post`; the other agencies have no webhook and work from their worklists. Retries are
 * quick: 3 s queue visibility timeout, 1 s first retry delay (then 2, 4, 8 s), the overdue sweep
 * every 2 s. Teardown stops the whole process group (npm, node and the DynamoDB Local java
 * child), checks nothing of it is left, and stops the receiver.
 * Every answer the tests get is checked against the published contract (test/e2e/http.ts); each
 * is tallied in a file the teardown sums up, since the test files run in their own workers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { freePort } from '#infra/local/emulators.ts';
import { stopGroup } from '../fixtures/process-group.ts';
import { E2E_WEBHOOK_SECRET, startWebhookReceiver } from './webhook-receiver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the local runtime under test. */
    e2eBaseUrl: string;
    /** `http://127.0.0.1:<port>` of the webhook receiver (agency endpoints and its control API). */
    e2eReceiverUrl: string;
    /** The SQS endpoint (fauxqs) of the runtime under test, from its start-up banner. */
    e2eSqsEndpoint: string;
    /** The DynamoDB Local endpoint of the runtime under test, from its start-up banner. */
    e2eDynamoDbEndpoint: string;
    /** The access key id its emulators are called with (a new one per in-memory run), from the banner. */
    e2eAccessKeyId: string;
    /** The pid of `npm start`, which leads the process group of the runtime (node, java). */
    e2eRuntimePid: number;
    /** A file with a line per answer: `<operation> <status>` when checked against the contract, else `outside <path> <status>`. */
    e2eContractTally: string;
  }
}

const READY_TIMEOUT_MS = 90_000;
/** The simulated payment gateway's secret in the runtime under test (test/e2e/payments.test.ts). */
export const E2E_PAYMENT_SECRET = 'e2e-payment-gateway-secret';
/** Agency systems with a webhook; the others work from their worklists. */
const WEBHOOK_AGENCIES = ['commune', 'post'] as const;
const SQS_ENDPOINT_IN_BANNER = /fauxqs \(SQS \+ S3\) (http:\/\/[^\s,]+)/;
const DYNAMODB_ENDPOINT_IN_BANNER = /DynamoDB Local (http:\/\/[^\s,]+)/;
const ACCESS_KEY_ID_IN_BANNER = /access key id ([A-Za-z0-9]+)/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startWebhookReceiver(E2E_WEBHOOK_SECRET);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const webhooks = Object.fromEntries(WEBHOOK_AGENCIES.map((id) => [id, `${receiver.url}/agencies/${id}`]));
  const child = spawn('npm', ['start', '--', '--memory'], {
    cwd: REPO_ROOT,
    detached: true, // its own process group: teardown signals npm, node and java together
    env: {
      ...process.env,
      PORT: String(port),
      MOTCUA_AGENCY_WEBHOOKS: JSON.stringify(webhooks),
      MOTCUA_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      // The receiver stands in for the national portal too (fails the first two posts of each kind).
      MOTCUA_PORTAL_SYNC_URL: `${receiver.url}/portal`,
      MOTCUA_RETRY_BASE_SECONDS: '1',
      // Longer than a delivery takes on a loaded machine: a message still being handled must not
      // come back before its handler sets the backoff (1, 2, 4, 8 s) or deletes it.
      MOTCUA_QUEUE_VISIBILITY_SECONDS: '3',
      // Five receives (1, 2, 4, 8 s apart) instead of the topology's day of retries.
      MOTCUA_QUEUE_MAX_RECEIVES: '5',
      MOTCUA_SCHEDULE_SECONDS: '2',
      // Every batch handed over as soon as it is read: no test waits on a batching window.
      MOTCUA_MAX_BATCHING_WINDOW_SECONDS: '0',
      // Files run in parallel with a few clients; per-client throttling is tested on its own.
      MOTCUA_CLIENT_RATE_LIMIT: '1000000/1',
      // Tests sign gateway callbacks of their own (replays, forgeries) with the simulated gateway's secret.
      MOTCUA_PAYMENT_SECRET: E2E_PAYMENT_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    if (process.env.E2E_SHOW_OUTPUT) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let sqsEndpoint = '';
  let dynamoDbEndpoint = '';
  let accessKeyId = '';
  let apiReady = false;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`npm start exited (${exited}) before it was ready`);
      try {
        const response = await fetch(`${baseUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        // The banner follows readiness closely: it names the SQS endpoint the DLQ checks read.
        apiReady = response.status === 200;
        sqsEndpoint = SQS_ENDPOINT_IN_BANNER.exec(output)?.[1] ?? '';
        dynamoDbEndpoint = DYNAMODB_ENDPOINT_IN_BANNER.exec(output)?.[1] ?? '';
        accessKeyId = ACCESS_KEY_ID_IN_BANNER.exec(output)?.[1] ?? '';
        if (apiReady && sqsEndpoint !== '' && dynamoDbEndpoint !== '' && accessKeyId !== '') break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          apiReady
            ? `the local runtime answered but its banner lacked the emulators' endpoints or access key id within ${READY_TIMEOUT_MS / 1000} s`
            : `the local runtime was not ready within ${READY_TIMEOUT_MS / 1000} s`,
        );
      await sleep(250);
    }
  } catch (error) {
    await stopGroup(child, { mustStopOnTerm: true }).catch(() => {});
    await receiver.stop().catch(() => {});
    throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output}`);
  }

  project.provide('e2eBaseUrl', baseUrl);
  project.provide('e2eReceiverUrl', receiver.url);
  project.provide('e2eSqsEndpoint', sqsEndpoint);
  project.provide('e2eDynamoDbEndpoint', dynamoDbEndpoint);
  project.provide('e2eAccessKeyId', accessKeyId);
  project.provide('e2eRuntimePid', child.pid ?? 0); // undefined only if the spawn failed: not ready above
  const tallyDir = mkdtempSync(join(tmpdir(), 'motcua-e2e-contract-'));
  const tally = join(tallyDir, 'answers.txt');
  writeFileSync(tally, '');
  project.provide('e2eContractTally', tally);
  return async () => {
    printContractTally(readFileSync(tally, 'utf8'));
    rmSync(tallyDir, { recursive: true, force: true });
    // A runtime that died under the tests makes them fail by refused connections: say why.
    const diedEarly = exited;
    try {
      await stopGroup(child, { mustStopOnTerm: true });
      if (diedEarly !== undefined) {
        throw new Error(
          `npm start exited (${diedEarly}) while the tests ran\n--- npm start output ---\n${output}`,
        );
      }
    } finally {
      child.stdout?.destroy();
      child.stderr?.destroy();
      await receiver.stop();
    }
  };
}

/** How many answers were checked against the contract, over how many operations, and how many were outside it. */
function printContractTally(lines: string): void {
  const answers = lines.split('\n').filter(Boolean);
  const outside = answers.filter((line) => line.startsWith('outside '));
  const checked = answers.length - outside.length;
  // Requests no operation documents (checked as the gateway's 404/405) are not operations.
  const operations = new Set(
    answers
      .filter((line) => !line.startsWith('outside ') && !line.includes('(no operation)'))
      .map((line) => line.slice(0, line.lastIndexOf(' '))),
  );
  process.stdout.write(
    `e2e contract: ${checked} answers validated against /v1/openapi.json over ${operations.size} operations; ` +
      `${outside.length} outside the contract (token endpoint, payment gateway page, receivers, S3)\n`,
  );
}
