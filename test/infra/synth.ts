import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import type { MotcuaStack } from '#infra/stack.ts';
import type { NagReport } from './nag-report.ts';
import { testApp } from './test-app.ts';

export { TEST_STACK_ID, TEST_STAGE } from './test-app.ts';

let shared: { template: Template; nag: NagReport } | undefined;

/**
 * The default stack (no extra context values), synthesized once per run by the infra project's
 * global setup (global-setup.ts): its template and its cdk-nag AwsSolutions report. A new test
 * file needs nothing more than
 *
 * ```ts
 * import { defaultStack } from './synth.ts';
 * const { template } = defaultStack();
 * ```
 *
 * at module level or in a test; it costs a JSON parse, not a synthesis, so call it freely.
 * Only files of the infra project (test/infra/) can read it.
 */
export const defaultStack = (): { template: Template; nag: NagReport } => {
  if (shared === undefined) {
    const synthesized = inject('motcuaDefaultStack');
    if (synthesized === undefined) {
      throw new Error(
        'no default stack: run this file in the infra project, whose global setup synthesizes it',
      );
    }
    shared = { template: Template.fromJSON(synthesized.template), nag: synthesized.nag };
  }
  return shared;
};

/**
 * A stack synthesized with other context values (`motcua:agencyWebhooks`, `motcua:officeHours`,
 * values that must fail synthesis, ...), as `-c` or cdk.json would set them. Each call is a full
 * synthesis (seconds on a loaded machine): use it only for what the default stack cannot show,
 * and never without context; that is `defaultStack()`.
 */
export const synthVariant = (
  context: Record<string, unknown>,
): { stack: MotcuaStack; template: Template } => {
  if (Object.keys(context).length === 0) {
    throw new Error('synthVariant() without context is the default stack: use defaultStack()');
  }
  const { stack } = testApp(context);
  return { stack, template: Template.fromStack(stack) };
};
