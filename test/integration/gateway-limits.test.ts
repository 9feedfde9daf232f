/**
 * The local gateway's limits, as API Gateway has them: a request that does not arrive in full
 * in time gets a 408, a body past 10 MB a 413 and headers past 10240 bytes a 431 — each as
 * problem+json, and none of them reaches the function.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalHttpServer,
  MAX_HEADER_BYTES,
  MAX_REQUEST_BYTES,
  startHttpServer,
} from '#infra/local/http-server.ts';
import { TokenService } from '#infra/local/tokens.ts';
import { postBytes, type RawAnswer, stalledExchange } from '../fixtures/raw-http.ts';

const REQUEST_TIMEOUT_MS = 1_000;
/** How long a test waits for an answer before it counts as none (the 408 is due after 1 s). */
const ANSWER_DEADLINE_MS = 10_000;

let gateway: LocalHttpServer;
const invoked: string[] = [];

beforeAll(async () => {
  gateway = await startHttpServer({
    port: 0,
    tokens: (issuer) => new TokenService(randomBytes(32), issuer),
    invoke: async (functionId, event) => {
      invoked.push(functionId);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: event.body ?? '' };
    },
    routes: [{ method: 'POST', path: '/v1/echo', function: 'submitDossier', auth: 'public', scopes: [] }],
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
});

afterAll(async () => {
  await gateway.stop();
});

beforeEach(() => {
  invoked.length = 0;
});

const stall = (text: string) => stalledExchange(gateway.port, text, ANSWER_DEADLINE_MS);
const postLarge = (size: number, declareLength: boolean) =>
  postBytes(gateway.port, '/v1/echo', size, { declareLength });

function expectProblem(answer: RawAnswer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(answer.body) as { status: number; type: string; detail: string };
  expect(body.status).toBe(status);
  return body;
}

describe('the local gateway times out requests that do not arrive in full', () => {
  it('answers 408 problem+json to a body that stops after 10 of its 100 bytes, and closes the connection', async () => {
    const started = Date.now();
    const answer = await stall(
      'POST /v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n0123456789',
    );
    expect(answer.closed).toBe(true);
    const body = expectProblem(answer, 408);
    expect(body.type).toBe('urn:motcua:problem:request-timeout');
    expect(Date.now() - started).toBeLessThan(ANSWER_DEADLINE_MS);
    expect(invoked).toEqual([]);
  });

  it('answers 408 problem+json to headers that never end', async () => {
    const answer = await stall('POST /v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le');
    expect(answer.closed).toBe(true);
    expectProblem(answer, 408);
    expect(invoked).toEqual([]);
  });

  it('still serves a request that arrives in full', async () => {
    const answer = await postLarge(10, true);
    expect(answer.status).toBe(200);
    expect(invoked).toEqual(['submitDossier']);
  });
});

describe("the local gateway caps requests at API Gateway's limits", () => {
  it('answers 413 problem+json to an 11 MB body with Content-Length, without invoking the function', async () => {
    const answer = await postLarge(11 * 1024 * 1024, true);
    const body = expectProblem(answer, 413);
    expect(body.detail).toContain(String(MAX_REQUEST_BYTES));
    expect(invoked).toEqual([]);
  });

  it('answers 413 problem+json to an 11 MB chunked body, without invoking the function', async () => {
    const answer = await postLarge(11 * 1024 * 1024, false);
    expectProblem(answer, 413);
    expect(invoked).toEqual([]);
  });

  it('answers 431 problem+json when the header values pass 10240 bytes', async () => {
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: gateway.port,
          method: 'POST',
          path: '/v1/echo',
          headers: { 'content-type': 'application/json', 'x-filler': 'a'.repeat(MAX_HEADER_BYTES) },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: { 'content-type': String(res.headers['content-type']) },
              body,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    const body = expectProblem(answer, 431);
    expect(body.type).toBe('urn:motcua:problem:headers-too-large');
    expect(invoked).toEqual([]);
  });

  it("answers 431 problem+json when the headers pass even Node's parser limit", async () => {
    const answer = await stall(
      `GET /v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'a'.repeat(40 * 1024)}\r\n\r\n`,
    );
    expectProblem(answer, 431);
    expect(invoked).toEqual([]);
  });
});
