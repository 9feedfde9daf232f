import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryDelays } from '#shared/adapters/agency-queues.ts';
import { signWebhook, WebhookDeliveryError, WebhookEndpoints } from '#shared/adapters/agency-webhooks.ts';

let server: Server;
let base = '';
let received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = request.url === '/fails' ? 503 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('agency webhooks', () => {
  const endpoints = () =>
    new WebhookEndpoints({ police: `${base}/ok`, tax: `${base}/fails` }, async () => 'shared-secret');

  it('posts the JSON body signed with HMAC-SHA256 over timestamp and body', async () => {
    received = [];
    await endpoints().deliver('police', 'X-250715-0001#2#police', { hello: 'police' });
    const [request] = received;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-motcua-event-id']).toBe('X-250715-0001#2#police');
    const timestamp = String(request?.headers['x-motcua-timestamp']);
    const expected = createHmac('sha256', 'shared-secret')
      .update(`${timestamp}.${request?.body}`)
      .digest('hex');
    expect(request?.headers['x-motcua-signature']).toBe(`sha256=${expected}`);
    expect(signWebhook('shared-secret', Number(timestamp), request?.body ?? '')).toBe(`sha256=${expected}`);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('throws a delivery error on a non-2xx answer, and knows who has an endpoint', async () => {
    await expect(endpoints().deliver('tax', 'e', {})).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(endpoints().has('police')).toBe(true);
    expect(endpoints().has('land-registry')).toBe(false);
  });

  it('throws a delivery error when the endpoint is unreachable', async () => {
    const unreachable = new WebhookEndpoints({ police: 'http://127.0.0.1:9/x' }, async () => 's', 2000);
    await expect(unreachable.deliver('police', 'e', {})).rejects.toBeInstanceOf(WebhookDeliveryError);
  });
});

describe('retry delays of failed deliveries', () => {
  it('double per receive from the base, capped by the policy', () => {
    const delays = new RetryDelays({} as never, {}, { baseSeconds: 30, maxDelaySeconds: 39_600 });
    expect([1, 2, 3, 4, 5].map((n) => delays.delaySeconds(n))).toEqual([30, 60, 120, 240, 480]);
    expect(delays.delaySeconds(11)).toBe(30_720);
    expect(delays.delaySeconds(12)).toBe(39_600);
  });
});
