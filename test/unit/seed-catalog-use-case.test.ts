import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AGENCIES, CALENDARS, CENTERS, PROCEDURES, UNITS } from '#shared/config/seed-catalog.ts';
import { seedCatalog } from '#shared/use-cases/seed-catalog.ts';

const SEED_ENTRIES = CENTERS.length + UNITS.length + AGENCIES.length + PROCEDURES.length + CALENDARS.length;
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const mock = mockClient(documents);
const exists = new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });

describe('loading the seed catalog', () => {
  beforeEach(() => mock.reset());

  it('adds every missing seed entry once, keeps the existing ones and writes the bindings as given', async () => {
    // Prepare: two entries an operator already has.
    mock
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { pk: 'PROCEDURE', sk: '1.001193' } })
      .rejects(exists)
      .on(PutCommand, { Item: { pk: 'CENTER', sk: 'hong-gai' } })
      .rejects(exists);
    const clients = [
      { clientId: 'c1', profile: 'center' as const, centerId: 'hong-gai' },
      { clientId: 'p1', profile: 'portal' as const },
    ];

    // Act
    const outcome = await seedCatalog(documents, 'Catalog', clients);

    // Assess
    expect(outcome).toEqual({ added: SEED_ENTRIES - 2, kept: 2, clients: 2 });
    const puts = mock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.every((input) => input.TableName === 'Catalog')).toBe(true);
    const seeded = puts.filter((input) => input.Item?.pk !== 'CLIENT');
    expect(seeded).toHaveLength(SEED_ENTRIES);
    expect(new Set(seeded.map((input) => `${input.Item?.pk}#${input.Item?.sk}`)).size).toBe(SEED_ENTRIES);
    for (const input of seeded) expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    const bindings = puts.filter((input) => input.Item?.pk === 'CLIENT');
    expect(bindings.map((input) => [input.Item?.sk, input.ConditionExpression])).toEqual([
      ['c1', undefined],
      ['p1', undefined],
    ]);
  });

  it('fails on any other write error', async () => {
    mock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(seedCatalog(documents, 'Catalog', [])).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
  });
});
