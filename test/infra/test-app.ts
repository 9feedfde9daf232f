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
 * App props of every test synthesis but the global setup's. CDK's built-in CloudFormation
 * validation (a WASM template linter run by `app.synth()`) only warns, since the stack leaves
 * `@aws-cdk/core:validateAgainstDefaultRules` off, so no test can fail by it; starting it costs
 * about 10 s of CPU in each process that synthesizes. The global setup synthesizes the default
 * stack with it, as `cdk synth` does; variants and the stages test go without.
 */
export const TEST_APP_PROPS = { builtinCloudFormationValidation: false } as const;

/**
 * The app as infra/app.ts builds it, minus the nag plugin (the global setup runs the checks
 * itself). `context` adds context values (`motcua:agencyWebhooks`, ...) as `-c` or cdk.json would.
 * The test stage is built as production (what a deployment must keep) unless `context` says
 * otherwise; stages.test.ts builds stages with their derived defaults. `validate` runs CDK's
 * built-in CloudFormation validation at synthesis (see TEST_APP_PROPS).
 */
export const testApp = (
  context: Record<string, unknown> = {},
  options: { outdir?: string; validate?: boolean } = {},
): { app: App; stack: MotcuaStack } => {
  const app = new App({
    ...(options.validate ? {} : TEST_APP_PROPS),
    context: { 'motcua:production': true, ...context, ...TEST_CONTEXT },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stack = new MotcuaStack(app, TEST_STACK_ID, { stage: TEST_STAGE });
  return { app, stack };
};
