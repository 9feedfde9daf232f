import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MotcuaStack, stackIdFor } from '#infra/stack.ts';

export const TEST_STAGE = 'test';

/**
 * Builds the app the way infra/app.ts does, minus the nag plugin (nag.test.ts runs the checks
 * itself) and minus bundling: `aws:cdk:bundling-stacks: []` skips esbuild, so this is fast and
 * does not need the handlers' dependencies. Synthesize once per test file. `context` adds
 * context values (`motcua:agencyWebhooks`, `motcua:officeHours`, ...), as `-c` or cdk.json would.
 */
export const synth = (
  context: Record<string, unknown> = {},
): { app: App; stack: MotcuaStack; template: Template } => {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new MotcuaStack(app, stackIdFor(TEST_STAGE), {
    stage: TEST_STAGE,
    cognitoDomainPrefix: 'motcua-test',
  });
  return { app, stack, template: Template.fromStack(stack) };
};
