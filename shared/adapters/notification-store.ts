/**
 * Notifications in the dossiers table, in their dossier's partition
 * (`sk` = `NOTIFICATION#<version>#<channel>`): the key is the idempotency of sending, one
 * message per dossier version and channel, and one query lists a dossier's messages.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, type NativeAttributeValue, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '#shared/domain/notification.ts';
import type { NotificationStore } from '#shared/use-cases/ports.ts';
import { dossierKey } from './dossier-item.ts';
import { queryAll } from './query-all.ts';

type Item = Record<string, NativeAttributeValue>;
const PREFIX = 'NOTIFICATION#';
/**
 * How long a claim keeps a message to its sender (ms): longer than the sender's timeout (30 s),
 * shorter than the notify queue's visibility timeout (3 min), so a delivery running at the same
 * time finds it held, and the retry after a crash finds it free.
 */
export const CLAIM_LEASE_MS = 60_000;

const key = (n: Pick<Notification, 'dossierCode' | 'version' | 'channel'>) => ({
  pk: dossierKey(n.dossierCode).pk,
  sk: `${PREFIX}${String(n.version).padStart(6, '0')}#${n.channel}`,
});

const toItem = (n: Notification): Item => ({ ...key(n), entity: 'NOTIFICATION', ...n });
const fromItem = ({ pk: _pk, sk: _sk, entity: _entity, claimedUntil: _lease, ...n }: Item) =>
  n as Notification;

export class DynamoNotificationStore implements NotificationStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async claim(notification: Notification): Promise<'claimed' | 'done'> {
    const now = Date.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(notification), claimedUntil: now + CLAIM_LEASE_MS },
          // New, or left SENDING by a sender that did not finish within its lease (taken again).
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'SENDING', ':now': now },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'done';
      throw error;
    }
  }

  async finish(notification: Notification): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: toItem(notification) }));
  }

  async list(dossierCode: string): Promise<Notification[]> {
    const items = await Array.fromAsync(
      queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': dossierKey(dossierCode).pk, ':prefix': PREFIX },
        ConsistentRead: true,
      }),
    );
    return items.map(fromItem);
  }
}
