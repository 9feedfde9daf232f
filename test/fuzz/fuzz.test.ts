/**
 * A seeded slice of the fuzz run (fuzz.ts) inside `npm test`: 300 generated requests over every
 * route. `npm run fuzz` runs the full size with any seed.
 */
import { expect, inject, it } from 'vitest';
import { formatReport, runFuzz } from './fuzz.ts';

const SEED = 20_261_127;
const RUNS = 300;

it(`${RUNS} generated requests (seed ${SEED}): no 5xx, every 4xx a problem, no state change from a rejection`, async () => {
  const report = await runFuzz(inject('fuzzTarget'), { runs: RUNS, seed: SEED });
  console.info(formatReport(report));
  expect(report.failures).toEqual([]);
  // The slice reaches past the gateway: requests were accepted, and rejections were checked.
  expect((report.byStatus[200] ?? 0) + (report.byStatus[201] ?? 0)).toBeGreaterThan(0);
  expect(report.fingerprinted).toBeGreaterThan(0);
});
