/**
 * The fuzz project's runtime (runtime.ts), in its own process group so teardown stops node and
 * DynamoDB Local together. Its own, not the e2e one: the fuzz suite's "a rejected request changed
 * nothing" fingerprints need a service no other test writes to, and the bad-token cases need
 * the signing key.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { stopGroup } from '../fixtures/process-group.ts';
import type { FuzzTarget } from './runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fuzzTarget: FuzzTarget;
  }
}

const READY_TIMEOUT_MS = 90_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The same Node that runs vitest (the pinned one under npm scripts and npx).
  const child = spawn(process.execPath, ['test/fuzz/serve.ts'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-20_000);
    if (process.env.E2E_SHOW_OUTPUT) process.stderr.write(chunk);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  try {
    const target = await new Promise<FuzzTarget>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the fuzz runtime was not ready in time')),
        READY_TIMEOUT_MS,
      );
      child.once('exit', (code) =>
        reject(new Error(`the fuzz runtime exited (code ${code}) before it was ready`)),
      );
      lines.on('line', (line) => {
        if (!line.startsWith('{"fuzzTarget"')) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { fuzzTarget: FuzzTarget }).fuzzTarget);
      });
    });
    project.provide('fuzzTarget', target);
  } catch (error) {
    await stopGroup(child);
    throw new Error(`${(error as Error).message}\n--- output ---\n${errors}`);
  }
  return async () => {
    lines.close();
    await stopGroup(child);
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
}
