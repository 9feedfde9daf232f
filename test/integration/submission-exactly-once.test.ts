/**
 * Exactly-once intake on DynamoDB Local: a submission's key, its dossier and the dossier's first
 * event are committed together, so a retry after any crash finds either nothing (and files) or
 * the committed dossier (and replays it), never two dossiers and never half of one.
 *
 * The crashes are real: a child process files through the real adapters and is SIGKILLed right
 * after its N-th acknowledged write (claim, sequence, commit). Time is passed in, so "within the
 * crashed request's hold" and "after it" are exact instants, not waits.
 */
import { spawn } from 'node:child_process';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/local/constants.ts';
import type { Principal } from '#shared/domain/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { submission } from '../fixtures/catalog.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { env, resources } = useEmulators();
const clients = emulatorClients();
afterAll(() => clients.destroy());

const { dynamoDb } = await import('#shared/adapters/aws-clients.ts');
const { attachmentStore, catalog, dossierStore } = await import('#shared/config/services.ts');
const { submitDossier } = await import('#shared/use-cases/submit-dossier.ts');

const HOLD_MS = 60_000;
let clients_ = 0;
/** A center client of its own per test, so its dossiers can be counted on the bySubmitter index. */
const newPrincipal = (): Principal => ({
  clientId: `exactly-once-${process.pid}-${Date.now()}-${++clients_}`,
  profile: 'center',
  centerId: 'hong-gai',
  scopes: [],
});
const keyOf = (principal: Principal) => ({ clientId: principal.clientId, idempotencyKey: 'key-00000001' });

const submitAt = (principal: Principal, now: Date, request = submission()) =>
  submitDossier(
    {
      catalog: catalog(),
      submissions: dossierStore(),
      attachments: attachmentStore(),
      now: () => now,
      holdMs: HOLD_MS,
    },
    principal,
    keyOf(principal),
    request,
  );

/** The dossiers a client filed, read from the table's bySubmitter index. */
async function dossiersOf(principal: Principal): Promise<string[]> {
  const { Items = [] } = await clients.documents.send(
    new QueryCommand({
      TableName: resources.tables.dossiers.name,
      IndexName: 'bySubmitter',
      KeyConditionExpression: 'submittedBy = :client',
      ExpressionAttributeValues: { ':client': principal.clientId },
    }),
  );
  // The index holds keys only: the dossier's code is its partition key, `DOSSIER#<code>`.
  return Items.map((item) => String(item.pk).replace(/^DOSSIER#/, ''));
}

/** Files in a child process that is killed right after its N-th acknowledged write. */
function fileAndCrash(
  principal: Principal,
  now: Date,
  crashAfterWrites: number,
  { idempotencyKey = keyOf(principal).idempotencyKey, holdMs = HOLD_MS } = {},
) {
  const child = spawn(process.execPath, ['test/fixtures/crash-submit.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MOTCUA_TEST_ENV: JSON.stringify(env),
      CRASH_AFTER_WRITES: String(crashAfterWrites),
      FIXED_NOW: now.toISOString(),
      SUBMISSION: JSON.stringify({
        principal,
        key: { clientId: principal.clientId, idempotencyKey },
        request: submission(),
        holdMs,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

const problemOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('a crash between the writes of a submission', () => {
  it.each([
    { writes: 1, after: 'claiming the key' },
    { writes: 2, after: 'numbering the dossier' },
  ])(
    'after $after leaves no dossier; a retry within the hold gets 409, after it files once',
    async ({ writes }) => {
      const principal = newPrincipal();
      const t0 = new Date();
      const crash = await fileAndCrash(principal, t0, writes);
      expect(crash.signal, crash.stderr).toBe('SIGKILL');
      expect(await dossiersOf(principal)).toEqual([]);

      const held = await problemOf(submitAt(principal, new Date(t0.getTime() + 1_000)));
      expect(held.slug).toBe('idempotency-in-progress');
      expect(held.extensions.retryAfterSeconds).toBe(59);
      expect(await dossiersOf(principal)).toEqual([]);

      const retry = await submitAt(principal, new Date(t0.getTime() + HOLD_MS + 1));
      expect(retry.replayed).toBe(false);
      expect(await dossiersOf(principal)).toEqual([retry.dossier.dossierCode]);

      const again = await submitAt(principal, new Date(t0.getTime() + HOLD_MS + 2));
      expect(again).toEqual({ ...retry, replayed: true });
      expect(await dossiersOf(principal)).toEqual([retry.dossier.dossierCode]);
    },
  );

  it('after the commit, before the answer: the retry replays the committed dossier', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    const crash = await fileAndCrash(principal, t0, 3);
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    const committed = await dossiersOf(principal);
    expect(committed).toHaveLength(1);

    const retry = await submitAt(principal, new Date(t0.getTime() + 1_000));
    expect(retry.replayed).toBe(true);
    expect(retry.dossier.dossierCode).toBe(committed[0]);
    expect(retry.event).toMatchObject({ action: 'SUBMIT', version: 1 });
    expect(await dossiersOf(principal)).toEqual(committed);
  });

  it('without a crash the child files with three writes, and a retry replays', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    const run = await fileAndCrash(principal, t0, 0);
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ replayed: false, writes: 3 });
    const retry = await submitAt(principal, new Date(t0.getTime() + 1_000));
    expect(retry).toMatchObject({ replayed: true, dossier: { dossierCode: outcome.dossierCode } });
    expect(await dossiersOf(principal)).toEqual([outcome.dossierCode]);
  });
});

describe('retries that are not crashes', () => {
  it('a key held by a request in flight refuses another body with 422, not 409', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    expect((await fileAndCrash(principal, t0, 1)).signal).toBe('SIGKILL');
    const other = await problemOf(
      submitAt(principal, new Date(t0.getTime() + 1_000), submission({ summary: 'another request' })),
    );
    expect(other.slug).toBe('idempotency-key-reused');
  });

  it('after a 422 from the business rules, the same key files the corrected request', async () => {
    const principal = newPrincipal();
    const now = new Date();
    const refused = await problemOf(submitAt(principal, now, { ...submission(), procedureCode: '9.999999' }));
    expect(refused.kind).toBe('business-rule');
    const filed = await submitAt(principal, now);
    expect(filed.replayed).toBe(false);
    expect(await dossiersOf(principal)).toEqual([filed.dossier.dossierCode]);
  });

  it('after a failed commit, the key is released: an immediate retry files once', async () => {
    const principal = newPrincipal();
    const now = new Date();
    let failed = 0;
    dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && failed === 0) {
          failed++;
          throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failOneCommit' },
    );
    try {
      await expect(submitAt(principal, now)).rejects.toThrow('connection reset');
    } finally {
      dynamoDb.middlewareStack.remove('failOneCommit');
    }
    expect(failed).toBe(1);
    expect(await dossiersOf(principal)).toEqual([]);
    const filed = await submitAt(principal, now);
    expect(filed.replayed).toBe(false);
    expect(await dossiersOf(principal)).toEqual([filed.dossier.dossierCode]);
  });

  it('eight concurrent requests with one key file one dossier; the others replay it or wait', async () => {
    const principal = newPrincipal();
    const now = new Date();
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => submitAt(principal, now)));
    const filed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as DomainError] : []));
    expect(filed.filter((f) => !f.replayed)).toHaveLength(1);
    expect(new Set(filed.map((f) => f.dossier.dossierCode)).size).toBe(1);
    for (const problem of refused) expect(problem.slug).toBe('idempotency-in-progress');
    const codes = await dossiersOf(principal);
    expect(codes).toHaveLength(1);
    const later = await submitAt(principal, new Date(now.getTime() + 1));
    expect(later).toMatchObject({ replayed: true, dossier: { dossierCode: codes[0] } });
  });
});

describe('over HTTP', () => {
  it('a retry while a crashed request holds the key gets 409 idempotency-in-progress with Retry-After', async () => {
    const { handler } = await import('#functions/api/submit-dossier.ts');
    // A dev client the handler finds in the catalog, with a key of its own for this run.
    const principal: Principal = {
      clientId: 'local-center-hong-gai',
      profile: 'center',
      centerId: 'hong-gai',
      scopes: [],
    };
    const key = `held-${process.pid}-${Date.now()}`;
    // A hold far longer than this test can take, so the retry below falls within it.
    const crash = await fileAndCrash(principal, new Date(), 1, { idempotencyKey: key, holdMs: 30 * 60_000 });
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    const response = await handler(
      apiEvent({
        method: 'POST',
        path: '/v1/dossiers',
        clientId: principal.clientId,
        headers: { 'Idempotency-Key': key },
        body: submission(),
      }),
      lambdaContext('motcua-submit-dossier'),
    );
    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(jsonOf(response)).toMatchObject({ type: 'urn:motcua:problem:idempotency-in-progress' });
    const retryAfter = Number(response.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(30 * 60);
  });
});
