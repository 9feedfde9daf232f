/**
 * Attachment records in their own table (`attachmentId` is the key). Verdicts are conditional
 * on PENDING, so a repeated upload event never overturns one; references are a string set.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Attachment, Verdict } from '#shared/domain/attachment.ts';
import type { AttachmentStore } from '#shared/use-cases/ports.ts';

type Item = Record<string, NativeAttributeValue>;

/** How long a rejected record stays readable, so the uploader can learn why. */
const REJECTED_RECORD_TTL_S = 30 * 24 * 3600;

function fromItem(item: Item): Attachment {
  const { expiresAt: _expires, dossiers, ...rest } = item;
  return {
    ...(rest as Omit<Attachment, 'dossiers'>),
    ...(dossiers instanceof Set && dossiers.size > 0 ? { dossiers: [...dossiers].map(String).sort() } : {}),
  };
}

export class DynamoAttachmentStore implements AttachmentStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async create(attachment: Attachment, expiresAt: Date): Promise<void> {
    const { dossiers: _none, ...record } = attachment;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...record, expiresAt: Math.floor(expiresAt.getTime() / 1000) },
        ConditionExpression: 'attribute_not_exists(attachmentId)',
      }),
    );
  }

  async get(attachmentId: string): Promise<Attachment | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { attachmentId }, ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async getMany(attachmentIds: readonly string[]): Promise<Map<string, Attachment>> {
    const found = new Map<string, Attachment>();
    // BatchGetItem takes 100 keys; a request names at most 100 documents.
    for (let i = 0; i < attachmentIds.length; i += 100) {
      let keys: Item[] | undefined = attachmentIds
        .slice(i, i + 100)
        .map((attachmentId) => ({ attachmentId }));
      while (keys && keys.length > 0) {
        const answer: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const attachment = fromItem(item);
          found.set(attachment.attachmentId, attachment);
        }
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async decide(attachmentId: string, verdict: Verdict, at: string): Promise<boolean> {
    const rejected = verdict.status === 'REJECTED';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { attachmentId },
          // Verified uploads are kept (no expiry); rejected records stay a month to explain why.
          UpdateExpression: rejected
            ? 'SET #status = :status, decidedAt = :at, reason = :reason, expiresAt = :expires'
            : 'SET #status = :status, decidedAt = :at REMOVE expiresAt',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': verdict.status,
            ':at': at,
            ':pending': 'PENDING',
            ...(rejected
              ? {
                  ':reason': verdict.reason,
                  ':expires': Math.floor(Date.parse(at) / 1000) + REJECTED_RECORD_TTL_S,
                }
              : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async addReference(attachmentIds: readonly string[], dossierCode: string): Promise<void> {
    await Promise.all(
      attachmentIds.map((attachmentId) =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { attachmentId },
            UpdateExpression: 'ADD dossiers :code',
            ConditionExpression: 'attribute_exists(attachmentId)',
            ExpressionAttributeValues: { ':code': new Set([dossierCode]) },
          }),
        ),
      ),
    );
  }
}
