import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { MotcuaStack } from '#infra/stack.ts';
import { synth } from './synth.ts';

type Finding = { rule: string; path: string; severity: string; description: string };
type Acknowledgement = { rule: string; path: string; reason: unknown };

let stack: MotcuaStack;

beforeAll(() => {
  // Synthesize first, so the checks see the tree as it is deployed (aspects applied).
  ({ stack } = synth());
});

const findings = (checks: AwsSolutionsChecks, scope: IConstruct): Finding[] =>
  checks.validateScope(scope).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      path: resource.constructPath ?? '?',
      severity: violation.severity ?? '?',
      description: violation.description,
    })),
  );

const acknowledgements = (scope: IConstruct): Acknowledgement[] =>
  scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          rule: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions', () => {
  test('no unacknowledged finding', () => {
    const open = findings(new AwsSolutionsChecks(), stack).map(
      (f) => `${f.rule} (${f.severity}) at ${f.path}: ${f.description}`,
    );
    // On failure the diff lists every finding with its construct path.
    expect(open).toEqual([]);
  });

  test('every acknowledgement gives a reason', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    const withoutReason = acks.filter(
      (ack) => typeof ack.reason !== 'string' || ack.reason.trim().length === 0,
    );
    expect(withoutReason).toEqual([]);
  });

  test('every acknowledgement silences a finding that really occurs (none is stale or too broad)', () => {
    // The same checks with acknowledgements ignored: what the stack would report without them.
    const unfiltered = new AwsSolutionsChecks();
    Object.defineProperty(unfiltered, 'isAcknowledged', { value: () => false });
    const raw = findings(unfiltered, stack);
    const unused = acknowledgements(stack)
      .filter(
        (ack) =>
          !raw.some((f) => f.rule === ack.rule && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))),
      )
      .map((ack) => `${ack.rule} at ${ack.path}`);
    expect(unused).toEqual([]);
  });
});
