/**
 * Dossiers in DynamoDB. One partition per dossier: the dossier item (`sk` = `#DOSSIER`) and its
 * timeline events (`sk` = `EVENT#{version}`), so one query reads a dossier with its history and
 * one transaction writes a state change with its event. Sequence counters live in their own
 * partitions (`SEQUENCE#{unitCode}#{yyMMdd}`), one per receiving unit and day.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';

type Item = Record<string, NativeAttributeValue>;

export interface DossierStore {
  /** The next number of a unit-day sequence: unique and increasing, never reused. */
  nextSequence(name: string): Promise<number>;
  /** Stores a new dossier with its first event; fails if the code exists. */
  create(dossier: Dossier, event: TimelineEvent): Promise<void>;
  get(dossierCode: string): Promise<Dossier | undefined>;
  getWithHistory(dossierCode: string): Promise<{ dossier: Dossier; history: TimelineEvent[] } | undefined>;
  /**
   * Writes a state change as one transaction, guarded by the status and version it was decided
   * from. Returns false when another change got there first.
   */
  applyTransition(previous: Dossier, next: Dossier, event: TimelineEvent): Promise<boolean>;
}

export const dossierKey = (dossierCode: string) => ({ pk: `DOSSIER#${dossierCode}`, sk: '#DOSSIER' });
const eventKey = (dossierCode: string, version: number) => ({
  pk: `DOSSIER#${dossierCode}`,
  sk: `EVENT#${String(version).padStart(6, '0')}`,
});

/** The stored form of a dossier: its fields plus keys and index attributes. */
export function toDossierItem(dossier: Dossier): Item {
  return {
    ...dossierKey(dossier.dossierCode),
    entity: 'DOSSIER',
    ...dossier,
    submittedKey: `${dossier.submittedAt}#${dossier.dossierCode}`,
  };
}

export function fromDossierItem(item: Item): Dossier {
  const { pk: _pk, sk: _sk, entity: _entity, submittedKey: _key, ...dossier } = item;
  return dossier as Dossier;
}

const toEventItem = (dossierCode: string, event: TimelineEvent): Item => ({
  ...eventKey(dossierCode, event.version),
  entity: 'EVENT',
  dossierCode,
  ...event,
});

const isConditionFailure = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

export class DynamoDossierStore implements DossierStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
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

  async create(dossier: Dossier, event: TimelineEvent): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: toDossierItem(dossier),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: toEventItem(dossier.dossierCode, event),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async get(dossierCode: string): Promise<Dossier | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: dossierKey(dossierCode), ConsistentRead: true }),
    );
    return Item ? fromDossierItem(Item) : undefined;
  }

  async getWithHistory(dossierCode: string) {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': dossierKey(dossierCode).pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const head = items.find((i) => i.sk === '#DOSSIER');
    if (!head) return undefined;
    const history = items
      .filter((i) => i.entity === 'EVENT')
      .map(({ pk: _pk, sk: _sk, entity: _e, dossierCode: _c, ...event }) => event as TimelineEvent);
    return { dossier: fromDossierItem(head), history };
  }

  async applyTransition(previous: Dossier, next: Dossier, event: TimelineEvent): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: toDossierItem(next),
                ConditionExpression: '#version = :version AND #status = :status',
                ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
                ExpressionAttributeValues: { ':version': previous.version, ':status': previous.status },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: toEventItem(next.dossierCode, event),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
