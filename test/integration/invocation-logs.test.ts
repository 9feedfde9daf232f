/**
 * Locally every function shares one process and one Powertools logger: each invocation must
 * still log under its own function name and request id, however invocations interleave.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGION, localCredentials, newAccessKeyId } from '#infra/local/constants.ts';

/** This file's own key id: DynamoDB Local keeps a database per key id. */
const LOCAL_CREDENTIALS = localCredentials(newAccessKeyId());

import { FunctionRunner, REPO_ROOT } from '#infra/local/lambda.ts';
import type { gate as GateOf } from '../fixtures/log-probe.ts';

const PROBE_ENTRY = 'test/fixtures/log-probe.ts';

type LogLine = { message?: string; gate?: string; function_name?: string; function_request_id?: string };

/** Every JSON line the process writes to stdout or stderr while `capture` runs. */
async function captureLogLines(capture: () => Promise<void>): Promise<LogLine[]> {
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return write(chunk as string, ...(rest as []));
    });
  }
  await capture();
  vi.restoreAllMocks();
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('local invocations log under their own function and request', () => {
  it('two concurrent invocations of different functions each log with their own function_name and function_request_id', async () => {
    // As `npm start` does (provisioning, seeding), an SDK request comes first: the SDK asks for
    // the invoke store too, and must not get to decide its form. Nothing listens on port 9.
    const sqs = new SQSClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    await expect(sqs.send(new ListQueuesCommand({}))).rejects.toThrow();
    sqs.destroy();

    const runner = new FunctionRunner({
      region: LOCAL_REGION,
      functions: {
        router: { id: 'route-probe', entry: PROBE_ENTRY, tables: [], timeoutSeconds: 10 },
        reader: { id: 'get-probe', entry: PROBE_ENTRY, tables: [], timeoutSeconds: 10 },
      },
    });
    await runner.preload();
    const { gate } = (await import(pathToFileURL(join(REPO_ROOT, PROBE_ENTRY)).href)) as {
      gate: typeof GateOf;
    };

    const lines = await captureLogLines(async () => {
      // The router starts, the reader starts while it waits, then the router logs again.
      const routed = runner.invoke('router', { gate: 'router' });
      await gate('router').reached;
      const read = runner.invoke('reader', { gate: 'reader' });
      await gate('reader').reached;
      gate('router').open();
      await routed;
      gate('reader').open();
      await read;
    });

    const probeLines = lines.filter((line) => line.message?.startsWith('log probe'));
    expect(probeLines.map((line) => `${line.message} ${line.gate}`)).toEqual([
      'log probe started router',
      'log probe started reader',
      'log probe finished router',
      'log probe finished reader',
    ]);
    const expectedName: Record<string, string> = { router: 'motcua-route-probe', reader: 'motcua-get-probe' };
    for (const line of probeLines)
      expect(line.function_name, line.message).toBe(expectedName[line.gate ?? '']);
    const requestIds = (gateName: string) =>
      new Set(probeLines.filter((line) => line.gate === gateName).map((line) => line.function_request_id));
    const [routerIds, readerIds] = [requestIds('router'), requestIds('reader')];
    expect(routerIds.size).toBe(1);
    expect(readerIds.size).toBe(1);
    expect([...routerIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect([...routerIds][0]).not.toBe([...readerIds][0]);
  });
});
