/**
 * Per-client request counters in the clientRates table: one item per client and window, bumped
 * with atomic UpdateItems (ADD), so every function instance, in AWS or locally, counts against
 * the same number. Items expire through the table's TTL after their window.
 *
 * A write per request was the API's largest per-request cost (docs/architecture.md, write units
 * per dossier), so each execution environment counts in memory and adds its requests to the
 * table a batch at a time (BatchedRateCounter): a client well within its limit, the usual case,
 * costs no write at all.
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

  /** Counts `requests` (one) of `clientId` in the window starting at `windowStart`; the count so far. */
  async count(clientId: string, windowStart: number, windowSeconds: number, requests = 1): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: `${clientId}#${windowStart}` },
        UpdateExpression: 'ADD #requests :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ExpressionAttributeNames: { '#requests': 'requests', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: {
          ':one': requests,
          ':expiresAt': windowStart + windowSeconds + KEEP_AFTER_WINDOW_SECONDS,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.requests ?? 0);
  }
}

/** What BatchedRateCounter adds its batches to (DynamoClientRateCounter). */
export type SharedRateCounter = Pick<DynamoClientRateCounter, 'count'>;

/** Windows an execution environment remembers at most (clients × windows) before it forgets old ones. */
const MAX_LOCAL_WINDOWS = 10_000;

/**
 * Counts in memory and adds to the shared counter once `batch` requests of a client and window
 * have gathered here. The count it answers is the shared total last seen plus what is gathered
 * here: exact with one execution environment (the local runtime), and with several it lags the
 * truth by at most `batch − 1` requests per environment. The stage throttle and the firewall in
 * front bound what that slack can let through; the batch is a tenth of the limit (rateRefusal).
 */
export class BatchedRateCounter {
  private readonly shared: SharedRateCounter;
  private readonly windows = new Map<string, { shared: number; pending: number }>();

  constructor(shared: SharedRateCounter) {
    this.shared = shared;
  }

  async count(clientId: string, windowStart: number, windowSeconds: number, batch = 1): Promise<number> {
    const key = `${clientId}#${windowStart}`;
    let window = this.windows.get(key);
    if (!window) {
      if (this.windows.size >= MAX_LOCAL_WINDOWS) this.forgetBefore(windowStart);
      window = { shared: 0, pending: 0 };
      this.windows.set(key, window);
    }
    window.pending++;
    if (window.pending >= batch) {
      const pending = window.pending;
      window.pending = 0;
      try {
        window.shared = await this.shared.count(clientId, windowStart, windowSeconds, pending);
      } catch (error) {
        window.pending += pending;
        throw error;
      }
      return window.shared + window.pending;
    }
    return window.shared + window.pending;
  }

  private forgetBefore(windowStart: number): void {
    for (const key of this.windows.keys()) {
      if (Number(key.slice(key.lastIndexOf('#') + 1)) < windowStart) this.windows.delete(key);
    }
    // Every one current (a flood of clients): start over rather than grow without bound.
    if (this.windows.size >= MAX_LOCAL_WINDOWS) this.windows.clear();
  }
}
