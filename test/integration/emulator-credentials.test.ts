/**
 * Defence in depth behind the 127.0.0.1 bind: DynamoDB Local runs without `-sharedDb`, so a
 * caller without the runtime's access key id (say, the dummy `local` key every emulator guide
 * uses) sees none of its tables; the handlers get that key id from their environment.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { awsClients } from '#infra/local/clients.ts';
import { localCredentials, newAccessKeyId } from '#infra/local/constants.ts';
import { tableName } from '#infra/local/provision.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { env, resources } = useEmulators();
const runtime = emulatorClients();
const strangers = [localCredentials('local'), localCredentials(newAccessKeyId())].map((credentials) =>
  awsClients({ ...resources, credentials }),
);
afterAll(() => {
  runtime.destroy();
  for (const clients of strangers) clients.destroy();
});

describe("DynamoDB Local shows the runtime's tables to its access key id only", () => {
  it('the runtime and its handlers call with the same random key id', () => {
    expect(resources.credentials.accessKeyId).toMatch(/^MOTCUA[A-Z0-9]+$/);
    expect(env.AWS_ACCESS_KEY_ID).toBe(resources.credentials.accessKeyId);
  });

  it('lists the dossiers table to that key id', async () => {
    const { TableNames = [] } = await runtime.dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).toContain(tableName('dossiers'));
  });

  it('lists no table to any other key id, in the same region', async () => {
    for (const clients of strangers) {
      const { TableNames } = await clients.dynamodb.send(new ListTablesCommand({}));
      expect(TableNames).toEqual([]);
    }
  });
});
