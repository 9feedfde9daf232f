/**
 * `npm run fuzz -- [--runs 10000] [--seed N]`: the fuzz run (fuzz.ts) at full size against its
 * own in-memory runtime on 127.0.0.1. Prints the seed first (to replay a failure: the same
 * seed and runs send the same sequence), then the figures; exits 1 on any failure. `--trace`
 * prints every request's line and answer.
 */
import { parseArgs } from 'node:util';
import { formatReport, runFuzz } from './fuzz.ts';
import { startFuzzRuntime } from './runtime.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    trace: { type: 'boolean', default: false },
  },
  strict: true,
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed N]   (integers)\n');
  process.exit(2);
}
process.stdout.write(`fuzz: seed ${seed}, ${runs} requests; starting an in-memory runtime\n`);
const { runtime, target } = await startFuzzRuntime();
let failed = true;
try {
  const report = await runFuzz(target, {
    runs,
    seed,
    progressEvery: 1000,
    ...(values.trace
      ? {
          trace: (index, request, response) =>
            process.stdout.write(
              `#${index} ${request.method} ${request.path.slice(0, 120)} [${request.token}] → ${response.status} ${response.text.slice(0, 160)}\n`,
            ),
        }
      : {}),
    onProgress: (done, r) =>
      process.stdout.write(`  ${done}/${runs} in ${r.seconds.toFixed(0)} s, ${r.failures.length} failures\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  failed = report.failures.length > 0;
} finally {
  await runtime.stop();
}
process.exit(failed ? 1 : 0);
