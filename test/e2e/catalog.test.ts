/**
 * The catalog import command (`npm run catalog:import`), spawned against the runtime under test
 * as an operator runs it, and the calendar's read route. The import files are generated (marked
 * as generated, not official) into a temporary folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProcedures, toCsv } from '#infra/cli/generate-procedures.ts';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { api, baseUrl, token } from './http.ts';

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the command to its end; the test's own timeout bounds it. */
function catalogImport(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'catalog:import', '--', ...args, '--url', baseUrl()], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let folder: string;
let admin: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'motcua-catalog-import-'));
  admin = await token('local-admin');
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const procedureStatus = async (code: string) =>
  (await api('GET', `/v1/procedures/${code}`, { token: admin })).status;

describe('npm run catalog:import', () => {
  it('loads 1,397 generated procedures from JSON, and a re-run writes nothing', {
    timeout: 170_000,
  }, async () => {
    // Prepare
    const file = join(folder, 'generated.json');
    await writeFile(file, JSON.stringify(generateProcedures(1397)));

    // Act
    const first = await catalogImport(file);
    const again = await catalogImport(file);

    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/1397 procedures in [\d.]+ s — created 1397, replaced 0, unchanged 0/);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/created 0, replaced 0, unchanged 1397/);
    const last = await api<{ name: string; defaults?: string[] }>('GET', '/v1/procedures/GEN.01397', {
      token: admin,
    });
    expect(last.status).toBe(200);
    expect(last.json.name).toContain('generated, not official');
  });

  it('from CSV writes nothing while a row is invalid, naming each; --skip-invalid imports the others', {
    timeout: 120_000,
  }, async () => {
    // Prepare: row 2 names no agency system, row 3 has no number of days
    const rows: Record<string, unknown>[] = generateProcedures(4).map((r) => ({
      ...r,
      code: `CSV.${r.code}`,
    }));
    rows[1] = { ...rows[1], agencyId: 'nowhere' };
    rows[2] = { ...rows[2], processingDays: 'many' };
    const file = join(folder, 'mixed.csv');
    await writeFile(file, toCsv(rows));

    // Act
    const refused = await catalogImport(file);
    const writtenWhileRefused = await Promise.all(rows.map((r) => procedureStatus(String(r.code))));
    const skipping = await catalogImport(file, '--skip-invalid');

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2 (CSV.GEN.00002): agencyId: no such agency system');
    expect(refused.stderr).toMatch(/row 3 \(CSV\.GEN\.00003\): processingDays: /);
    expect(refused.stderr).toContain('2 of 4 rows are invalid: nothing was written');
    expect(writtenWhileRefused).toEqual([404, 404, 404, 404]);
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(skipping.stdout).toMatch(/2 procedures in [\d.]+ s — created 2, .*; 2 invalid rows skipped/);
    expect(await Promise.all(rows.map((r) => procedureStatus(String(r.code))))).toEqual([200, 404, 404, 200]);
  });

  it('exits non-zero on a file it cannot read as JSON or CSV', async () => {
    // Prepare
    const file = join(folder, 'broken.json');
    await writeFile(file, '[{"code": ');

    // Act
    const run = await catalogImport(file);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/JSON/);
  });
});

describe('GET /v1/calendar/{year}', () => {
  it('answers an announced year as stored and a year not announced as statutory only, to any token', async () => {
    // Prepare
    const center = await token('local-center-hong-gai');

    // Act
    const announced = await api<Record<string, unknown>>('GET', '/v1/calendar/2026', { token: center });
    // 2031: a year no test stores (lifecycle.test.ts stores 2027 in the same runtime).
    const statutory = await api<Record<string, unknown>>('GET', '/v1/calendar/2031', { token: center });
    const malformed = await api('GET', '/v1/calendar/27', { token: center });

    // Assess
    expect(announced.status).toBe(200);
    expect(announced.json).toMatchObject({
      year: 2026,
      source: 'ANNOUNCED',
      workingDays: ['2026-01-10', '2026-08-22'],
    });
    // None of them on a weekend in 2031: no compensatory day.
    expect(statutory.json).toEqual({
      year: 2031,
      daysOff: ['2031-01-01', '2031-04-30', '2031-05-01', '2031-09-01', '2031-09-02'],
      workingDays: [],
      source: 'STATUTORY_ONLY',
    });
    expect(malformed.status).toBe(400);
  });
});
