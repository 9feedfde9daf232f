/**
 * Bundle size budgets (KB of `index.mjs`, 1,024 bytes; the source map and files copied beside it
 * not counted), checked by test/infra/bundles.test.ts on every run: a function over its budget
 * fails the infra tests. The goal is MAX_BUNDLE_KB for every function (docs/architecture.md,
 * Bundles); the functions not there yet have a budget of their own, a little above what they
 * measure today, so a change that makes them heavier fails too. Lower a budget when a function
 * gets lighter; remove it when the function meets the goal.
 */
import type { FunctionId } from '#infra/topology.ts';

export const MAX_BUNDLE_KB = 500;

export const BUNDLE_BUDGETS_KB: Partial<Record<FunctionId, number>> = {
  // pdf-lib (with its standard-font data), pako, UPNG, qrcode and pngjs: 826 KB (fontkit is out,
  // zod is zod/mini).
  getReceipt: 845,
};

export const bundleBudgetKb = (id: FunctionId): number => BUNDLE_BUDGETS_KB[id] ?? MAX_BUNDLE_KB;
