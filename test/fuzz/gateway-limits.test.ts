/**
 * Requests the local gateway refuses before any route sees them (Node's HTTP parser: request
 * line and headers beyond 16 KiB, malformed requests) get problem+json like every other 4xx,
 * as API Gateway's DEFAULT_4XX gateway response gives them in AWS (infra/constructs/api.ts).
 */
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { problemDefect, send } from './client.ts';

const target = inject('fuzzTarget');

/** The raw answer to raw bytes: the client's view of a request the parser refuses. */
function rawExchange(payload: string): Promise<string> {
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.end(payload);
  });
}

describe('the local gateway before routing', () => {
  it('answers a query string longer than the request line limit with a 431 problem', async () => {
    const response = await send(target.url, {
      method: 'GET',
      path: `/v1/dossiers?centerId=${'y'.repeat(20_000)}`,
    });
    expect(response.status).toBe(431);
    expect(problemDefect(response)).toBeUndefined();
  });

  it('answers headers larger than the limit with a 431 problem', async () => {
    const response = await send(target.url, {
      method: 'GET',
      path: '/v1/centers',
      headers: { 'x-padding': 'h'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
    expect(problemDefect(response)).toBeUndefined();
  });

  it('answers a request that is not HTTP with a 400 problem', async () => {
    const answer = await rawExchange('GET /v1/centers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 400,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  });
});
