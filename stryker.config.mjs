// @ts-check
/**
 * Mutation testing of the pure rules and the use cases (`npm run mutation`, not part of
 * `npm test`): see docs/mutation-testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: ['shared/domain/**/*.ts', 'shared/use-cases/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: true },
  // Stryker rewrites the sandbox's tsconfig `extends`/`references` through TypeScript's JavaScript
  // API, which TypeScript 7 no longer has. Ours has neither, so no rewrite is needed: name no file.
  tsconfigFile: '(none)',
  // A shared 2-core machine.
  concurrency: 2,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: {
    allowColor: false,
    logTests: false,
    reportMutants: false,
    reportTests: false,
    reportScoreTable: true,
  },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 3000,
};
