/**
 * Report counters in DynamoDB (the stats table). Two kinds of items:
 *
 * - counters, one partition per center and month, spread over COUNTER_SHARDS items
 *   (`pk` = `COUNTERS#{centerId}#{yyyy-MM}`, `sk` = `SHARD#{n}`), one number attribute per
 *   counter (`c.{name}`). A dossier always lands in the same shard (a hash of its code).
 *   A report reads a center's shards with one BatchGetItem, whatever the month's volume; the
 *   province's report reads every center's. There is no province-wide item: it would take every
 *   center's writes (a hot partition at national scale), and summing 54 centers at read time
 *   costs one BatchGetItem per 25 centers.
 * - contributions, one per dossier (`pk` = `CONTRIBUTION#{dossierCode}`): the rank of the image
 *   last counted, its bucket and its counts (and `synced` once its portal sync mark was seen),
 *   written in the same transaction as the counter deltas and guarded by the rank and flag read
 *   before, so a replayed record never counts twice. Only a counted (received) dossier has one:
 *   every change the aggregator writes moves a counter.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type Bucket, type Counts, deltaOf, negate, sumCounts } from '#shared/domain/reports.ts';
import type { ContributionChange, StatsStore, StoredContribution } from '#shared/use-cases/ports.ts';

type Item = Record<string, NativeAttributeValue>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Shards per center-month. One center's dossiers are few per second, far below one item's write
 * limit; the shards keep concurrent stream batches (one per stream shard at scale) from
 * conflicting on one item's transactions, and cost a report 4 item reads per center.
 */
export const COUNTER_SHARDS = 4;
/** DynamoDB's limits: items per transaction, keys per BatchGetItem. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_BATCH_GET_KEYS = 100;
const COUNTER_PREFIX = 'c.';

const contributionKey = (dossierCode: string) => ({ pk: `CONTRIBUTION#${dossierCode}`, sk: '#CONTRIBUTION' });
const counterKey = (bucket: Bucket, shard: number) => ({
  pk: `COUNTERS#${bucket.centerId}#${bucket.month}`,
  sk: `SHARD#${shard}`,
});

export const counterShardOf = (dossierCode: string): number => {
  let hash = 0;
  for (const char of dossierCode) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % COUNTER_SHARDS;
};

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

const fromContributionItem = (item: Item): StoredContribution => ({
  dossierCode: String(item.dossierCode),
  rank: Number(item.rank),
  ...(item.centerId && item.month ? { bucket: { centerId: item.centerId, month: item.month } } : {}),
  counts: (item.counts ?? {}) as Counts,
  ...(item.synced === true ? { synced: true as const } : {}),
});

/** The counter deltas of changes, by counter item (`pk|sk`). */
function counterDeltas(
  changes: readonly ContributionChange[],
): Map<string, { bucket: Bucket; shard: number; delta: Counts }> {
  const deltas = new Map<string, { bucket: Bucket; shard: number; delta: Counts }>();
  const add = (bucket: Bucket | undefined, dossierCode: string, counts: Counts) => {
    if (!bucket) return;
    const shard = counterShardOf(dossierCode);
    const key = `${bucket.centerId}#${bucket.month}#${shard}`;
    const entry = deltas.get(key);
    deltas.set(key, { bucket, shard, delta: sumCounts([entry?.delta ?? {}, counts]) });
  };
  for (const { previous, next } of changes) {
    if (
      previous?.bucket &&
      next.bucket?.centerId === previous.bucket.centerId &&
      next.bucket.month === previous.bucket.month
    ) {
      add(next.bucket, next.dossierCode, deltaOf(previous.counts, next.counts));
    } else {
      if (previous) add(previous.bucket, next.dossierCode, negate(previous.counts));
      add(next.bucket, next.dossierCode, next.counts);
    }
  }
  for (const [key, entry] of deltas) {
    entry.delta = deltaOf({}, entry.delta);
    if (Object.keys(entry.delta).length === 0) deltas.delete(key);
  }
  return deltas;
}

export class DynamoStatsStore implements StatsStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async contributions(dossierCodes: readonly string[]): Promise<Map<string, StoredContribution>> {
    const items = await this.batchGet(dossierCodes.map(contributionKey), true);
    return new Map(items.map((item) => [String(item.dossierCode), fromContributionItem(item)]));
  }

  async apply(changes: readonly ContributionChange[]): Promise<boolean> {
    let applied = true;
    for (const group of this.transactionGroups(changes)) {
      if (!(await this.applyGroup(group))) applied = false;
    }
    return applied;
  }

  async counters(buckets: readonly Bucket[]): Promise<Counts> {
    const keys = buckets.flatMap((bucket) =>
      Array.from({ length: COUNTER_SHARDS }, (_, shard) => counterKey(bucket, shard)),
    );
    const items = await this.batchGet(keys, false);
    return sumCounts(
      items.map((item) =>
        Object.fromEntries(
          Object.entries(item)
            .filter(([name]) => name.startsWith(COUNTER_PREFIX))
            .map(([name, value]) => [name.slice(COUNTER_PREFIX.length), Number(value)]),
        ),
      ),
    );
  }

  /** Changes grouped so that each group's contributions and counter items fit one transaction. */
  private transactionGroups(changes: readonly ContributionChange[]): ContributionChange[][] {
    const groups: ContributionChange[][] = [];
    let group: ContributionChange[] = [];
    for (const change of changes) {
      const candidate = [...group, change];
      if (candidate.length + counterDeltas(candidate).size > MAX_TRANSACTION_ITEMS) {
        groups.push(group);
        group = [change];
      } else {
        group = candidate;
      }
    }
    if (group.length > 0) groups.push(group);
    return groups;
  }

  /** A contribution's put, guarded by the rank and synced flag it was read at (none: new). */
  private contributionPut({ previous, next }: ContributionChange) {
    return {
      TableName: this.tableName,
      Item: {
        ...contributionKey(next.dossierCode),
        dossierCode: next.dossierCode,
        rank: next.rank,
        ...(next.bucket ? { centerId: next.bucket.centerId, month: next.bucket.month } : {}),
        counts: next.counts,
        ...(next.synced ? { synced: true } : {}),
      },
      ...(previous
        ? {
            // A sync mark changes the flag, not the rank: both are guarded.
            ConditionExpression: previous.synced
              ? '#rank = :rank'
              : '#rank = :rank AND attribute_not_exists(synced)',
            ExpressionAttributeNames: { '#rank': 'rank' },
            ExpressionAttributeValues: { ':rank': previous.rank },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    };
  }

  private async applyGroup(changes: readonly ContributionChange[]): Promise<boolean> {
    const items: TransactItem[] = changes.map((change) => ({ Put: this.contributionPut(change) }));
    for (const { bucket, shard, delta } of counterDeltas(changes).values()) {
      const names: Record<string, string> = { '#center': 'centerId', '#month': 'month' };
      const values: Record<string, NativeAttributeValue> = {
        ':center': bucket.centerId,
        ':month': bucket.month,
      };
      const adds = Object.entries(delta).map(([name, n], i) => {
        names[`#c${i}`] = `${COUNTER_PREFIX}${name}`;
        values[`:c${i}`] = n;
        return `#c${i} :c${i}`;
      });
      items.push({
        Update: {
          TableName: this.tableName,
          Key: counterKey(bucket, shard),
          UpdateExpression: `SET #center = :center, #month = :month ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some(
          (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
        )
      ) {
        return false;
      }
      throw error;
    }
  }

  private async batchGet(keys: readonly Item[], consistent: boolean): Promise<Item[]> {
    const found: Item[] = [];
    for (const chunk of chunks(keys, MAX_BATCH_GET_KEYS)) {
      let pending: Item[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const { Responses, UnprocessedKeys } = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistent } },
          }),
        );
        found.push(...(Responses?.[this.tableName] ?? []));
        pending = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
        if (pending.length > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
    return found;
  }
}
