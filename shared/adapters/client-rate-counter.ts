/**
 * Per-client request counters in the clientRates table: one item per client and window, bumped
 * with one atomic UpdateItem (ADD) per request, so every function instance, in AWS or locally,
 * counts against the same number. Items expire through the table's TTL after their window.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** How long a window's item outlives it (TTL deletion is lazy; nothing reads old windows). */
const KEEP_AFTER_WINDOW_SECONDS = 60;

export class DynamoClientRateCounter {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  /** Counts one request of `clientId` in the window starting at `windowStart`; the count so far. */
  async count(clientId: string, windowStart: number, windowSeconds: number): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: `${clientId}#${windowStart}` },
        UpdateExpression: 'ADD #requests :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ExpressionAttributeNames: { '#requests': 'requests', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':expiresAt': windowStart + windowSeconds + KEEP_AFTER_WINDOW_SECONDS,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.requests ?? 0);
  }
}
