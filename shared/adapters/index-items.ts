/**
 * The items behind entries of a KEYS_ONLY index (infra/topology.ts: the dossiers table's
 * indexes project keys only, so a write that moves no key writes no index). Readers query the
 * index for keys, then read the items with BatchGetItem.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, NativeAttributeValue>;

/** DynamoDB's BatchGetItem limit. */
const MAX_KEYS = 100;
/** Rounds of unprocessed keys before giving up (throttling that does not pass). */
const MAX_ROUNDS = 8;

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

/**
 * The items of `entries` (each with the table's `pk` and `sk`), in the entries' order; an entry
 * whose item is gone meanwhile is left out. Eventually consistent, as the index itself is,
 * unless `consistent`.
 */
export async function itemsOf(
  client: DynamoDBDocumentClient,
  tableName: string,
  entries: readonly Item[],
  options: { consistent?: boolean } = {},
): Promise<Item[]> {
  const found = new Map<string, Item>();
  for (let i = 0; i < entries.length; i += MAX_KEYS) {
    let keys: Item[] | undefined = entries.slice(i, i + MAX_KEYS).map(({ pk, sk }) => ({ pk, sk }));
    for (let round = 0; keys && keys.length > 0; round++) {
      if (round === MAX_ROUNDS)
        throw new Error(`${keys.length} items still unprocessed after ${MAX_ROUNDS} rounds`);
      const answer = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: keys, ConsistentRead: options.consistent === true } },
        }),
      );
      for (const item of answer.Responses?.[tableName] ?? []) found.set(keyOf(item), item);
      keys = answer.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
  }
  return entries.flatMap((entry) => {
    const item = found.get(keyOf(entry));
    return item ? [item] : [];
  });
}
