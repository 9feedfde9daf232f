/** The local runtime's cursor key: one per installation, kept with the local data. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HandlerEnvironmentInput, handlerEnvironment } from '#infra/local/environment.ts';
import { StateStore } from '#infra/local/state.ts';
import { CURSOR_KEY_ENV } from '#infra/topology.ts';

const folder = await mkdtemp(join(tmpdir(), 'motcua-state-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const resources: HandlerEnvironmentInput = {
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'MOTCUATEST', secretAccessKey: 'local' },
  endpoints: { dynamodb: 'http://127.0.0.1:1', sqs: 'http://127.0.0.1:2', s3: 'http://127.0.0.1:3' },
  agencyQueueUrls: {},
  bucket: 'documents',
  tables: {
    dossiers: { name: 'dossiers' },
    catalog: { name: 'catalog' },
    idempotency: { name: 'idempotency' },
    circuits: { name: 'circuits' },
    attachments: { name: 'attachments' },
    clientRates: { name: 'clientRates' },
    stats: { name: 'stats' },
  },
};

describe('the local cursor key', () => {
  it('is generated once per installation and survives restarts', async () => {
    const file = join(folder, 'fresh', 'state.json');
    const first = (await StateStore.open(file)).value.cursorKey;
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect((await StateStore.open(file)).value.cursorKey).toBe(first);
  });

  it('is added to a state file written before cursors were signed, and kept', async () => {
    const file = join(folder, 'state.json');
    await writeFile(file, JSON.stringify({ version: 1, tokenSigningKey: 'a'.repeat(43), streams: {} }));
    const added = (await StateStore.open(file)).value.cursorKey;
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      tokenSigningKey: 'a'.repeat(43),
      cursorKey: added,
    });
    expect((await StateStore.open(file)).value.cursorKey).toBe(added);
  });

  it('is fresh for every in-memory run', async () => {
    const one = (await StateStore.open(undefined)).value.cursorKey;
    const two = (await StateStore.open(undefined)).value.cursorKey;
    expect(one).not.toBe(two);
  });

  it("reaches the handlers' environment", () => {
    expect(handlerEnvironment(resources, { cursorKey: 'the-key', env: {} })[CURSOR_KEY_ENV]).toBe('the-key');
    const unset = handlerEnvironment(resources, { env: {} })[CURSOR_KEY_ENV] ?? '';
    expect(Buffer.from(unset, 'base64url')).toHaveLength(32);
  });
});
