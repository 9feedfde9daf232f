/**
 * Delivery to agency systems' own endpoints: an HTTPS POST of JSON, signed with HMAC-SHA256
 * over `{timestamp}.{body}` so the agency can check it came from motcua and is fresh.
 *
 *   X-Motcua-Event-Id:  the routing event (the same on a redelivery: agencies drop repeats)
 *   X-Motcua-Timestamp: Unix seconds
 *   X-Motcua-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 */
import { createHmac } from 'node:crypto';
import type { AgencyEndpoints } from '#shared/use-cases/ports.ts';

export const SIGNATURE_HEADER = 'x-motcua-signature';
export const TIMESTAMP_HEADER = 'x-motcua-timestamp';
export const EVENT_ID_HEADER = 'x-motcua-event-id';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignedPost = {
  url: string;
  secret: string;
  eventId: string;
  payload: unknown;
  timeoutMs: number;
  headers?: Record<string, string>;
};

/**
 * POSTs `payload` as JSON signed as above. Throws `fail(reason, status?)` when the endpoint is
 * unreachable ("unreachable: …") or answers other than 2xx ("answered <status>").
 */
export async function postSigned(
  post: SignedPost,
  fail: (reason: string, status?: number) => Error,
): Promise<void> {
  const body = JSON.stringify(post.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [EVENT_ID_HEADER]: post.eventId,
        ...post.headers,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(post.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
  } catch (error) {
    throw fail(`unreachable: ${(error as Error).message}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw fail(`answered ${response.status}`, response.status);
}

/** An endpoint that did not take the delivery; the queue retries it. */
export class WebhookDeliveryError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'WebhookDeliveryError';
    this.status = status;
  }
}

export class WebhookEndpoints implements AgencyEndpoints {
  private readonly urls: Record<string, string>;
  private readonly secret: () => Promise<string>;
  private readonly timeoutMs: number;

  constructor(urls: Record<string, string>, secret: () => Promise<string>, timeoutMs = 10_000) {
    this.urls = urls;
    this.secret = secret;
    this.timeoutMs = timeoutMs;
  }

  has(agencyId: string): boolean {
    return Boolean(this.urls[agencyId]);
  }

  async deliver(agencyId: string, eventId: string, payload: unknown): Promise<void> {
    const url = this.urls[agencyId];
    if (!url) throw new Error(`agency system ${agencyId} has no endpoint`);
    await postSigned(
      { url, secret: await this.secret(), eventId, payload, timeoutMs: this.timeoutMs },
      (reason, status) => new WebhookDeliveryError(`${agencyId} endpoint ${reason}`, status),
    );
  }
}
