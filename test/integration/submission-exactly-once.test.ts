/**
 * Exactly-once intake on DynamoDB Local: a submission's key, its dossier and the dossier's first
 * event are committed together, so a retry after any crash finds either nothing (and files) or
 * the committed dossier (and replays it), never two dossiers and never half of one.
 *
 * The crashes are real: a child process files through the real adapters and is SIGKILLed right
 * after its N-th acknowledged write (sequence, commit). Nothing is written for the key before
 * the commit, so there is nothing to wait for after a crash: the retry files or replays at once.
 */
import { spawn } from 'node:child_process';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
  { idempotencyKey = keyOf(principal).idempotencyKey } = {},
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
  it('after numbering the dossier leaves no dossier and nothing held: a retry files at once, once', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    const crash = await fileAndCrash(principal, t0, 1);
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    expect(await dossiersOf(principal)).toEqual([]);

    const retry = await submitAt(principal, new Date(t0.getTime() + 1_000));
    expect(retry.replayed).toBe(false);
    expect(await dossiersOf(principal)).toEqual([retry.dossier.dossierCode]);

    const again = await submitAt(principal, new Date(t0.getTime() + 2_000));
    expect(again).toEqual({ ...retry, replayed: true });
    expect(await dossiersOf(principal)).toEqual([retry.dossier.dossierCode]);
  });

  it('after the commit, before the answer: the retry replays the committed dossier', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    const crash = await fileAndCrash(principal, t0, 2);
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    const committed = await dossiersOf(principal);
    expect(committed).toHaveLength(1);

    const retry = await submitAt(principal, new Date(t0.getTime() + 1_000));
    expect(retry.replayed).toBe(true);
    expect(retry.dossier.dossierCode).toBe(committed[0]);
    expect(retry.event).toMatchObject({ action: 'SUBMIT', version: 1 });
    expect(await dossiersOf(principal)).toEqual(committed);
  });

  it('without a crash the child files with two writes, and a retry replays', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    const run = await fileAndCrash(principal, t0, 0);
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ replayed: false, writes: 2 });
    const retry = await submitAt(principal, new Date(t0.getTime() + 1_000));
    expect(retry).toMatchObject({ replayed: true, dossier: { dossierCode: outcome.dossierCode } });
    expect(await dossiersOf(principal)).toEqual([outcome.dossierCode]);
  });
});

describe('retries that are not crashes', () => {
  it('a key that filed refuses another body with 422', async () => {
    const principal = newPrincipal();
    const t0 = new Date();
    expect((await fileAndCrash(principal, t0, 2)).signal).toBe('SIGKILL');
    const other = await problemOf(
      submitAt(principal, new Date(t0.getTime() + 1_000), submission({ summary: 'another request' })),
    );
    expect(other.slug).toBe('idempotency-key-reused');
    expect(await dossiersOf(principal)).toHaveLength(1);
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

  it('after a failed commit nothing is held: an immediate retry files once', async () => {
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

  it('eight concurrent requests with one key file one dossier; the others replay it without a second read', async () => {
    const principal = newPrincipal();
    const now = new Date();
    const reads: string[] = [];
    dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') reads.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countReads' },
    );
    let outcomes: Awaited<ReturnType<typeof submitAt>>[];
    try {
      outcomes = await Promise.all(Array.from({ length: 8 }, () => submitAt(principal, now)));
    } finally {
      dynamoDb.middlewareStack.remove('countReads');
    }
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.dossier.dossierCode)).size).toBe(1);
    // One read of the key each, before filing; a loser whose commit is refused finds the
    // winner's record in the refusal, with no second read.
    expect(reads).toHaveLength(8);
    const codes = await dossiersOf(principal);
    expect(codes).toHaveLength(1);
    const later = await submitAt(principal, new Date(now.getTime() + 1));
    expect(later).toMatchObject({ replayed: true, dossier: { dossierCode: codes[0] } });
  });
});

describe('records written before the key was first written at the commit', () => {
  const oldRecord = (principal: Principal, fields: Record<string, unknown>) =>
    clients.documents.send(
      new PutCommand({
        TableName: resources.tables.dossiers.name,
        Item: {
          pk: `SUBMISSION#${principal.clientId}#${keyOf(principal).idempotencyKey}`,
          sk: '#SUBMISSION',
          entity: 'SUBMISSION',
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
          ...fields,
        },
      }),
    );

  it('a completed one (dossier and event under `filed`) is replayed as it is', async () => {
    const principal = newPrincipal();
    const now = new Date();
    const filed = await submitAt(principal, now);
    const request = submission();
    await oldRecord(principal, {
      state: 'COMPLETED',
      fingerprint: (await import('#shared/use-cases/submit-dossier.ts')).fingerprintOf(request),
      filed: { dossier: filed.dossier, event: filed.event },
    });
    expect(await submitAt(principal, now, request)).toEqual({ ...filed, replayed: true });
  });

  it('a key only held by a request that filed nothing is taken over: the retry files', async () => {
    const principal = newPrincipal();
    await oldRecord(principal, {
      state: 'IN_PROGRESS',
      token: 'old-token',
      fingerprint: 'another',
      heldUntil: Date.now() + 3_600_000,
    });
    const filed = await submitAt(principal, new Date());
    expect(filed.replayed).toBe(false);
    expect(await dossiersOf(principal)).toEqual([filed.dossier.dossierCode]);
  });
});

describe('over HTTP', () => {
  it('a retry after a crash before the commit files (201), and the next replays it with Idempotent-Replayed', async () => {
    const { handler } = await import('#functions/api/submit-dossier.ts');
    // A dev client the handler finds in the catalog, with a key of its own for this run.
    const principal: Principal = {
      clientId: 'local-center-hong-gai',
      profile: 'center',
      centerId: 'hong-gai',
      scopes: [],
    };
    const key = `crashed-${process.pid}-${Date.now()}`;
    const crash = await fileAndCrash(principal, new Date(), 1, { idempotencyKey: key });
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    const post = () =>
      handler(
        apiEvent({
          method: 'POST',
          path: '/v1/dossiers',
          clientId: principal.clientId,
          headers: { 'Idempotency-Key': key },
          body: submission(),
        }),
        lambdaContext('motcua-submit-dossier'),
      );
    const filed = await post();
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.headers?.['idempotent-replayed']).toBeUndefined();
    const replayed = await post();
    expect(replayed.statusCode, replayed.body).toBe(201);
    expect(replayed.headers?.['idempotent-replayed']).toBe('true');
    expect(jsonOf(replayed)).toEqual(jsonOf(filed));
  });
});
