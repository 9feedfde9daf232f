import { App } from 'aws-cdk-lib';
import { MotcuaStack, stackIdFor } from '#infra/stack.ts';

export const TEST_STAGE = 'test';
export const TEST_STACK_ID = stackIdFor(TEST_STAGE);

/**
 * Context of every test synthesis: no bundling (`aws:cdk:bundling-stacks: []` skips esbuild, so
 * synthesis is quick and needs no handler dependencies; bundles.test.ts bundles on its own), and
 * path metadata, so each resource carries its construct path (`aws:cdk:path`) and tests find the
 * counterpart of a topology entry by the name the stack gives it.
 */
export const TEST_CONTEXT = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true };

/**
 * The app as infra/app.ts builds it, minus the nag plugin (the global setup runs the checks
 * itself). `context` adds context values (`motcua:agencyWebhooks`, ...) as `-c` or cdk.json would.
 * The test stage is built as production (what a deployment must keep) unless `context` says
 * otherwise; stages.test.ts builds stages with their derived defaults.
 */
export const testApp = (
  context: Record<string, unknown> = {},
  outdir?: string,
): { app: App; stack: MotcuaStack } => {
  const app = new App({
    context: { 'motcua:production': true, ...context, ...TEST_CONTEXT },
    ...(outdir ? { outdir } : {}),
  });
  const stack = new MotcuaStack(app, TEST_STACK_ID, { stage: TEST_STAGE });
  return { app, stack };
};
