/**
 * e2e tests drive the real `npm start -- --memory` over HTTP: started once for the project on a
 * free port (queues with a 1 s visibility timeout so retries are quick), ready when
 * GET /v1/openapi.json answers 200. Teardown stops the whole process group (npm, node and the
 * DynamoDB Local java child) and checks nothing of it is left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { freePort } from '#infra/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the local runtime under test. */
    e2eBaseUrl: string;
  }
}

const READY_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether any process of the group is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    signal('SIGKILL');
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    throw new Error(`the local runtime (process group ${pgid}) did not stop on SIGTERM and had to be killed`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn('npm', ['start', '--', '--memory'], {
    cwd: REPO_ROOT,
    detached: true, // its own process group: teardown signals npm, node and java together
    env: { ...process.env, PORT: String(port), MOTCUA_QUEUE_VISIBILITY_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    if (process.env.E2E_SHOW_OUTPUT) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`npm start exited with code ${exited} before it was ready`);
      try {
        const response = await fetch(`${baseUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`the local runtime was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(250);
    }
  } catch (error) {
    await stopGroup(child).catch(() => {});
    throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output}`);
  }

  project.provide('e2eBaseUrl', baseUrl);
  return async () => {
    await stopGroup(child);
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
}
