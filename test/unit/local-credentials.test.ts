/**
 * The local runtime's access key id: DynamoDB Local keeps one database per key id and region, so
 * the key id must be random, survive restarts with the data (state.json), and a data folder from
 * the `-sharedDb` days must become the database of that key id instead of being left behind.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_REGION, localCredentials, newAccessKeyId } from '#infra/local/constants.ts';
import { adoptSharedDatabase } from '#infra/local/emulators.ts';
import { StateStore } from '#infra/local/state.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-credentials-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stored = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as { accessKeyId?: string };

describe('the access key id of the local emulators', () => {
  it('is random, letters and digits only (DynamoDB Local refuses other key ids)', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newAccessKeyId()));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{16,}$/);
  });

  it('is written to state.json on the first start and kept on the next ones', async () => {
    const file = join(dir, 'state.json');
    const first = await StateStore.open(file);
    expect((await stored(file)).accessKeyId).toBe(first.value.accessKeyId);
    const again = await StateStore.open(file);
    expect(again.value.accessKeyId).toBe(first.value.accessKeyId);
  });

  it('is new on every in-memory start', async () => {
    const [a, b] = await Promise.all([StateStore.open(undefined), StateStore.open(undefined)]);
    expect(a.value.accessKeyId).not.toBe(b.value.accessKeyId);
  });

  it('is added to a state file from before per-key databases, which is written at once', async () => {
    const file = join(dir, 'state.json');
    await writeFile(
      file,
      JSON.stringify({ version: 1, tokenSigningKey: 'a2V5', fauxqsPort: 4566, streams: {} }),
    );
    const state = await StateStore.open(file);
    expect(state.value.accessKeyId).toMatch(/^[A-Za-z0-9]+$/);
    expect(state.value.tokenSigningKey).toBe('a2V5');
    expect(await stored(file)).toMatchObject({ accessKeyId: state.value.accessKeyId, fauxqsPort: 4566 });
  });
});

describe('a DynamoDB Local folder from the -sharedDb days', () => {
  const credentials = localCredentials('MOTCUA0123456789');
  const own = () => join(dir, `MOTCUA0123456789_${LOCAL_REGION}.db`);
  const shared = () => join(dir, 'shared-local-instance.db');

  it("becomes the database of the runtime's key id and region", async () => {
    await writeFile(shared(), 'tables');
    await adoptSharedDatabase(dir, credentials, LOCAL_REGION);
    expect(existsSync(shared())).toBe(false);
    expect(await readFile(own(), 'utf8')).toBe('tables');
  });

  it('never replaces a database the key id already has', async () => {
    await writeFile(shared(), 'old');
    await writeFile(own(), 'current');
    await adoptSharedDatabase(dir, credentials, LOCAL_REGION);
    expect(await readFile(own(), 'utf8')).toBe('current');
    expect(existsSync(shared())).toBe(true);
  });
});
