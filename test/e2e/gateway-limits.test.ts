/**
 * The gateway's limits on the real `npm start`: its default request timeout answers a stalled
 * body within 10 s with a 408 problem, and an 11 MB body gets a 413 problem, not a dossier.
 */
import { describe, expect, it } from 'vitest';
import { postBytes, type RawAnswer, stalledExchange } from '../fixtures/raw-http.ts';
import { baseUrl, checkAnswer, token } from './http.ts';

/** The gateway's promise (10 s) plus room for a loaded machine; far below Node's default of 300 s. */
const ANSWER_DEADLINE_MS = 20_000;

const port = () => Number(new URL(baseUrl()).port);

/** The gateway's own answers are part of the contract too: checked against it as any other. */
async function expectProblem(answer: RawAnswer, status: number): Promise<void> {
  await checkAnswer({
    method: 'POST',
    path: '/v1/dossiers',
    status: answer.status,
    contentType: answer.headers['content-type'] ?? null,
    body: answer.body,
  });
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((JSON.parse(answer.body) as { status: number }).status).toBe(status);
}

describe('the gateway of npm start', () => {
  it('answers 408 problem+json to a submission whose body stops after 10 of 100 bytes', async () => {
    const bearer = await token('local-center-hong-gai');
    const answer = await stalledExchange(
      port(),
      `POST /v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${bearer}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"procedur',
      ANSWER_DEADLINE_MS,
    );
    expect(answer.closed).toBe(true);
    await expectProblem(answer, 408);
  });

  it('answers 413 problem+json to an 11 MB submission', async () => {
    const bearer = await token('local-center-hong-gai');
    const answer = await postBytes(port(), '/v1/dossiers', 11 * 1024 * 1024, {
      declareLength: false,
      headers: { authorization: `Bearer ${bearer}`, 'idempotency-key': `too-large-${Date.now()}` },
    });
    await expectProblem(answer, 413);
  });
});
