/**
 * Dossiers in DynamoDB. One partition per dossier: the dossier item (`sk` = `#DOSSIER`) and its
 * timeline events (`sk` = `EVENT#{version}`, from version 2 on: the filing is rebuilt from the
 * dossier), so one query reads a dossier with its history. Sequence counters live in their own
 * partitions (`SEQUENCE#{unitCode}#{yyMMdd}`), one per receiving unit and day.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Dossier, digitize, submitEventOf, type TimelineEvent } from '#shared/domain/dossier.ts';
import type { Rating } from '#shared/domain/rating.ts';
import type {
  Commit,
  DossierStore,
  FiledDossier,
  PriorSubmission,
  RatingStore,
  SubmissionKey,
  SubmissionStore,
  WorklistFilter,
  WorklistPosition,
  WorklistSource,
} from '#shared/use-cases/ports.ts';
import {
  DUE_SHARDS,
  dossierKey,
  fromDossierItem,
  SYNC_MARK_SK,
  storedDocument,
  syncMarkKey,
  toDossierItem,
} from './dossier-item.ts';
import { itemsOf } from './index-items.ts';
import { queryAll } from './query-all.ts';
import { queryWorklist } from './worklist-query.ts';

type Item = Record<string, NativeAttributeValue>;

const eventKey = (dossierCode: string, version: number) => ({
  pk: dossierKey(dossierCode).pk,
  sk: `EVENT#${String(version).padStart(6, '0')}`,
});

export const toEventItem = (dossierCode: string, event: TimelineEvent): Item => ({
  ...eventKey(dossierCode, event.version),
  entity: 'EVENT',
  dossierCode,
  ...event,
});

/** A put that writes the item only if its key is free. */
const newItemPut = (tableName: string, Item: Item) => ({
  Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * The two puts that create an imported dossier and its first event, each only if it does not
 * exist yet (an import's first event is not the filing that submitEventOf rebuilds).
 */
export const newDossierPuts = (tableName: string, dossier: Dossier, event: TimelineEvent) =>
  [toDossierItem(dossier), toEventItem(dossier.dossierCode, event)].map((item) =>
    newItemPut(tableName, item),
  );

const isConditionFailure = (error: unknown, index?: number) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some(
    (r, i) => r.Code === 'ConditionalCheckFailed' && (index === undefined || i === index),
  );

/**
 * A submission's record (`SUBMISSION#{clientId}#{Idempotency-Key}`): the request's fingerprint
 * and what it filed, written in the dossier's own transaction. It expires (`expiresAt`, the
 * table's TTL attribute) a day after.
 */
const submissionKey = (key: SubmissionKey) => ({
  pk: `SUBMISSION#${key.clientId}#${key.idempotencyKey}`,
  sk: '#SUBMISSION',
});
const SUBMISSION_TTL_SECONDS = 24 * 60 * 60;

/**
 * What a submission record says the key filed, unless it has expired at `now` (TTL deletes
 * lazily). The record keeps the dossier as filed, its documents as a dossier item stores them;
 * the first event follows from it. Records written before (`filed`: dossier and event) are
 * read as they are; one that only held its key (`IN_PROGRESS`, no dossier) filed nothing.
 */
function priorOf(item: Item | undefined, now: Date): PriorSubmission | undefined {
  if (!item || Number(item.expiresAt) < Math.floor(now.getTime() / 1000)) return undefined;
  const fingerprint = String(item.fingerprint);
  if (item.dossier) {
    const dossier = item.dossier as Dossier;
    const filed = { ...dossier, documents: dossier.documents.map(digitize) };
    return { fingerprint, filed: { dossier: filed, event: submitEventOf(filed) } };
  }
  return item.filed ? { fingerprint, filed: item.filed as FiledDossier } : undefined;
}

/**
 * An event item written by applyTransition ahead of its dossier write holds the version until
 * this attribute's time (epoch ms): far beyond any function's timeout, so a decider still alive
 * never has its event taken over, and a crashed one blocks the next decision a minute at most.
 */
const EVENT_LEASE = 'heldUntil';
const EVENT_LEASE_MS = 60_000;

export class DynamoDossierStore implements DossierStore, SubmissionStore, RatingStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async prior(key: SubmissionKey, now: Date): Promise<PriorSubmission | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: submissionKey(key), ConsistentRead: true }),
    );
    return priorOf(Item, now);
  }

  async nextSequence(name: string): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `SEQUENCE#${name}`, sk: '#SEQUENCE' },
        UpdateExpression: 'ADD #value :one SET entity = :entity',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'SEQUENCE' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.value);
  }

  async commit(key: SubmissionKey, fingerprint: string, filed: FiledDossier, now: Date): Promise<Commit> {
    const { dossier } = filed;
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...submissionKey(key),
                  entity: 'SUBMISSION',
                  fingerprint,
                  dossier: { ...dossier, documents: dossier.documents.map(storedDocument) },
                  expiresAt: nowSeconds + SUBMISSION_TTL_SECONDS,
                },
                // Free, expired (TTL deletes lazily), or a key held by a request that filed nothing.
                ConditionExpression:
                  'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (attribute_not_exists(dossier) AND attribute_not_exists(filed))',
                ExpressionAttributeValues: { ':nowSeconds': nowSeconds },
                // The loser of a race reads the winner's record in the refusal: no second read.
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            // The filing event is not an item: getWithHistory rebuilds it from the dossier.
            newItemPut(this.tableName, toDossierItem(dossier)),
          ],
        }),
      );
      return { state: 'committed' };
    } catch (error) {
      if (!isConditionFailure(error, 0)) throw error;
      const refused = (error as TransactionCanceledException).CancellationReasons?.[0]?.Item;
      const prior = refused ? priorOf(unmarshall(refused), now) : await this.prior(key, now);
      // Gone or expired between the commit and the read: nothing filed under the key now.
      if (!prior) throw error;
      return { state: 'key-used', prior };
    }
  }

  async get(dossierCode: string): Promise<Dossier | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: dossierKey(dossierCode), ConsistentRead: true }),
    );
    return Item ? fromDossierItem(Item) : undefined;
  }

  async getWithHistory(dossierCode: string) {
    const items = await Array.fromAsync(
      queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': dossierKey(dossierCode).pk },
        ConsistentRead: true,
      }),
    );
    const head = items.find((i) => i.sk === '#DOSSIER');
    if (!head) return undefined;
    const version = Number(head.version);
    // An event above the dossier's version lost its dossier write (applyTransition): not history.
    const events = items
      .filter((i) => i.entity === 'EVENT' && Number(i.version) <= version)
      .map(
        ({ pk: _pk, sk: _sk, entity: _e, dossierCode: _c, [EVENT_LEASE]: _lease, ...event }) =>
          event as TimelineEvent,
      );
    const dossier = fromDossierItem(head);
    // A submission stores no filing event (commit): it is the dossier's own first step. Imported
    // dossiers and those filed before keep theirs as an item, which the query returns first.
    const history = events[0]?.version === 1 ? events : [submitEventOf(dossier), ...events];
    const sync = items.find((i) => i.sk === SYNC_MARK_SK);
    const synced = sync
      ? { syncedAt: sync.syncedAt as string, syncedVersion: sync.syncedVersion as number }
      : {};
    return { dossier: { ...dossier, ...synced }, history };
  }

  async *pastDue(before: string): AsyncIterable<Dossier> {
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      const items = queryAll(this.client, {
        TableName: this.tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueShard = :shard AND dueAt < :before',
        ExpressionAttributeValues: { ':shard': `DUE#${shard}`, ':before': before },
      });
      yield* this.dossiersOf(items, (item) => item.dueShard !== undefined && String(item.dueAt) < before);
    }
  }

  /**
   * The dossiers behind entries of a KEYS_ONLY index, read a page at a time, keeping those whose
   * item as read now still belongs (`belongs`): the item may have moved since the index was read.
   */
  private async *dossiersOf(
    entries: AsyncIterable<Item>,
    belongs: (item: Item) => boolean,
  ): AsyncIterable<Dossier> {
    let page: Item[] = [];
    const flush = async () => {
      const items = await itemsOf(this.client, this.tableName, page);
      page = [];
      return items.filter(belongs).map(fromDossierItem);
    };
    for await (const entry of entries) {
      page.push(entry);
      if (page.length === 100) yield* await flush();
    }
    if (page.length > 0) yield* await flush();
  }

  async markOverdue(dossier: Dossier): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dossierKey(dossier.dossierCode),
          UpdateExpression: 'SET timeliness = :overdue REMOVE dueShard',
          ConditionExpression: '#version = :version AND #status = :status',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: {
            ':overdue': 'OVERDUE',
            ':version': dossier.version,
            ':status': dossier.status,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Portal sync: records that the portal holds `version`, only moving forward (a late
   * acknowledgement of an older version changes nothing). The mark is an item of its own beside
   * the dossier (`#SYNC`): a transition rewrites the dossier item whole from what it read, which
   * would put back an older mark; read with the dossier by getWithHistory.
   */
  async markSynced(dossierCode: string, version: number, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: syncMarkKey(dossierCode),
          UpdateExpression: 'SET entity = :entity, syncedAt = :at, syncedVersion = :version',
          ConditionExpression: 'attribute_not_exists(syncedVersion) OR syncedVersion < :version',
          ExpressionAttributeValues: { ':entity': 'SYNC', ':at': at, ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async *provisionalDue(year: number): AsyncIterable<Dossier> {
    const items = queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'byProvisionalDue',
      KeyConditionExpression: 'provisionalDueYear = :year',
      ExpressionAttributeValues: { ':year': String(year).padStart(4, '0') },
    });
    yield* this.dossiersOf(items, (item) => item.provisionalDueYear === String(year).padStart(4, '0'));
  }

  async correctDueDate(previous: Dossier, next: Dossier): Promise<boolean> {
    return this.putIfUnchanged(previous, next);
  }

  /** Writes `next` over the dossier if it is still at `previous`'s version and status. */
  private async putIfUnchanged(previous: Dossier, next: Dossier): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toDossierItem(next),
          ConditionExpression: '#version = :version AND #status = :status',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':status': previous.status },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  worklist(
    sources: WorklistSource[],
    filter: WorklistFilter,
    limit: number,
    from?: readonly WorklistPosition[],
  ) {
    return queryWorklist(this.client, this.tableName, sources, filter, limit, from);
  }

  /**
   * A state change in two conditional writes instead of one transaction (which costs every item
   * twice): first the event item of the new version, then the dossier item, guarded by the
   * version and status the change was decided from. The caller answers 2xx only once both are
   * written. Of two deciders racing from one version, the first event write wins and the other
   * gets false (a conflict), before it touches the dossier. An event whose dossier write never
   * came (a crash between the two) is above the dossier's version: readers leave it out
   * (getWithHistory), and a decision after its lease (longer than any function's timeout)
   * writes over it.
   */
  async applyTransition(previous: Dossier, next: Dossier, event: TimelineEvent): Promise<boolean> {
    const now = Date.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toEventItem(next.dossierCode, event), [EVENT_LEASE]: now + EVENT_LEASE_MS },
          ConditionExpression: 'attribute_not_exists(pk) OR #lease < :now',
          ExpressionAttributeNames: { '#lease': EVENT_LEASE },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    return this.putIfUnchanged(previous, next);
  }

  /**
   * Stores the rating on the dossier item, once: the condition holds against a second rating
   * racing this one, and against a dossier that is no longer RETURNED. No new version: a rating
   * is the citizen's opinion, not a step of the procedure.
   */
  async recordRating(dossierCode: string, rating: Rating): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dossierKey(dossierCode),
          UpdateExpression: 'SET #rating = :rating',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(#rating) AND #status = :returned',
          ExpressionAttributeNames: { '#rating': 'rating', '#status': 'status' },
          ExpressionAttributeValues: { ':rating': rating, ':returned': 'RETURNED' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
