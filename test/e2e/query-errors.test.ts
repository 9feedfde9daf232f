/**
 * Query parameter errors over HTTP against `npm start -- --memory`: a 400 problem+json whose
 * field errors name the parameter (never `(body)`), on the worklist, the catalog and the reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, token } from './http.ts';

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };

let center: string;
beforeAll(async () => {
  center = await token('local-center-hong-gai');
});

async function refusedNaming(path: string, parameters: string[]): Promise<Problem> {
  const answer = await api<Problem>('GET', path, { token: center });
  expect(answer.status, answer.text).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.json.errors?.map((e) => e.path).sort()).toEqual([...parameters].sort());
  return answer.json;
}

describe('a bad query parameter is named', () => {
  it('limit and status of the worklist', async () => {
    await refusedNaming('/v1/dossiers?centerId=hong-gai&limit=0', ['limit']);
    await refusedNaming('/v1/dossiers?centerId=hong-gai&status=LOST', ['status']);
  });

  it('a cursor that was never issued', async () => {
    await refusedNaming('/v1/dossiers?centerId=hong-gai&cursor=not-a-cursor', ['cursor']);
  });

  it('month of the monthly report and of the indicators', async () => {
    await refusedNaming('/v1/reports/monthly?centerId=hong-gai&month=2025-13', ['month']);
    await refusedNaming('/v1/reports/indicators?centerId=hong-gai', ['month']);
  });

  it('an unknown parameter, by its own name', async () => {
    const problem = await refusedNaming('/v1/procedures?limt=5', ['limt']);
    expect(problem.detail).toContain('limt');
  });
});
