import { defineConfig } from 'vitest/config';

// Five layers (test/README in the main README): unit and infra need nothing running;
// integration runs against DynamoDB Local + fauxqs started once for the run;
// e2e drives `npm start -- --memory` over HTTP; fuzz attacks every route of its own runtime.
export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one file at a time on a 2-core machine,
    // and e2e/integration files mostly wait (queues, retries, the runtime), so two files at once
    // overlap those waits with the CPU-bound unit and infra files.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // A few unit tests are CPU-bound (a month of 9,673 generated dossiers, PDF rendering):
          // under a doubly loaded machine 5 s is not enough, and no unit test waits on a clock.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // Synthesizes the default stack once for every file (test/infra/synth.ts).
          globalSetup: ['test/infra/global-setup.ts'],
          // What is left in hooks and tests (variant synths, bundling every function) takes
          // seconds idle and minutes on a loaded 2-core machine: bundling took ~3 min at load 24.
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // Its own in-memory runtime (test/fuzz/global-setup.ts); one file at a time, since the
        // fuzz checks that rejected requests change nothing by reading the same dossiers back.
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          globalSetup: ['test/fuzz/global-setup.ts'],
          fileParallelism: false,
          // One worker, so a group of its own (vitest groups projects by maxWorkers): after the others.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
