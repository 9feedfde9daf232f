import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export type NagFinding = { rule: string; path: string; severity: string; description: string };
export type NagAcknowledgement = { rule: string; path: string; reason: unknown };

/** What cdk-nag AwsSolutions says of a synthesized stack, as plain data (it crosses to the test workers). */
export type NagReport = {
  /** Findings not acknowledged: what would fail `cdk synth`. */
  open: NagFinding[];
  /** Every finding, acknowledgements ignored: what each acknowledgement must silence. */
  unfiltered: NagFinding[];
  acknowledgements: NagAcknowledgement[];
};

const findings = (checks: AwsSolutionsChecks, scope: IConstruct): NagFinding[] =>
  checks.validateScope(scope).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      path: resource.constructPath ?? '?',
      severity: violation.severity ?? '?',
      description: violation.description,
    })),
  );

const acknowledgements = (scope: IConstruct): NagAcknowledgement[] =>
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

/** Run on a synthesized stack, so the checks see the tree as it is deployed (aspects applied). */
export const nagReport = (stack: IConstruct): NagReport => {
  const unfiltered = new AwsSolutionsChecks();
  Object.defineProperty(unfiltered, 'isAcknowledged', { value: () => false });
  return {
    open: findings(new AwsSolutionsChecks(), stack),
    unfiltered: findings(unfiltered, stack),
    acknowledgements: acknowledgements(stack),
  };
};
