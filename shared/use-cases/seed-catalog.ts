import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CatalogContent, catalogItems } from '#shared/adapters/catalog-store.ts';
import { AGENCIES, CALENDARS, CENTERS, PROCEDURES, UNITS } from '#shared/config/seed-catalog.ts';
import type { ClientBinding } from '#shared/domain/access.ts';

export type SeedOutcome = { added: number; kept: number; clients: number };

/** The seed catalog: everything but the client bindings. */
export const SEED_CONTENT: Omit<CatalogContent, 'clients'> = {
  centers: CENTERS,
  units: UNITS,
  agencies: AGENCIES,
  procedures: PROCEDURES,
  calendars: CALENDARS,
};

/**
 * Loads the seed catalog into the catalog table, on every deploy and on a local first start:
 * 1. each seed entry (center, unit, agency system, procedure, calendar year) is added only where
 *    missing, so what operators changed since stays as they left it;
 * 2. the client bindings, which the deployment owns, are written as given.
 */
export async function seedCatalog(
  documents: DynamoDBDocumentClient,
  tableName: string,
  clients: readonly ClientBinding[],
): Promise<SeedOutcome> {
  const entries = catalogItems(SEED_CONTENT);
  const bindings = catalogItems({ clients: [...clients] });
  let added = 0;
  await inBatches(entries, async (Item) => {
    try {
      await documents.send(
        new PutCommand({ TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      added++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
  await inBatches(bindings, (Item) => documents.send(new PutCommand({ TableName: tableName, Item })));
  return { added, kept: entries.length - added, clients: bindings.length };
}

/** Runs `write` over `items`, a few at a time. */
async function inBatches<T>(
  items: readonly T[],
  write: (item: T) => Promise<unknown>,
  width = 8,
): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(write));
}
