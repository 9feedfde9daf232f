/**
 * docs/portal-integration.http stays true: its requests, parsed as a REST Client would read
 * them, run in order against the e2e runtime, and each answers 2xx.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './http.ts';
import { CollectionRunner, parseCollection } from './http-collection.ts';

const COLLECTION = resolve(import.meta.dirname, '../../docs/portal-integration.http');

describe('docs/portal-integration.http', () => {
  const collection = parseCollection(COLLECTION);

  it('walks from token to result and rating', () => {
    expect(collection.requests.map((r) => `${r.method} ${r.title.split(/[:\s]/)[0]}`)).toEqual([
      'POST PORTAL',
      'GET PORTAL',
      'POST PORTAL',
      'POST PORTAL',
      'POST PORTAL',
      'GET PORTAL',
      'GET PORTAL',
      'POST CENTER',
      'POST CENTER',
      'POST AGENCY',
      'POST AGENCY',
      'POST AGENCY',
      'POST AGENCY',
      'POST AGENCY',
      'POST CENTER',
      'GET PORTAL',
      'GET PORTAL',
      'POST PORTAL',
    ]);
  });

  it('answers every request 2xx, in order, on the local runtime', async () => {
    const runner = new CollectionRunner(collection, { baseUrl: baseUrl() });
    const answers: { title: string; status: number }[] = [];
    for (const request of collection.requests) {
      const answer = await runner.run(request);
      answers.push({ title: request.title, status: answer.status });
      expect(answer.status, `${request.title}: ${answer.text.slice(0, 500)}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${request.title}: ${answer.text.slice(0, 500)}`).toBeLessThan(300);
    }
    expect(answers).toHaveLength(collection.requests.length);
    // The follow-up by reference found the dossier the collection filed, VNeID flag and all.
    const dossier = JSON.parse(
      (await runner.run({ ...must(collection.requests[5]), name: 'read' })).text,
    ) as Record<string, unknown>;
    expect(dossier).toMatchObject({
      status: 'RETURNED',
      applicant: { vneidVerified: true },
      rating: { score: 5 },
    });
  }, 120_000);
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing request');
  return value;
}
