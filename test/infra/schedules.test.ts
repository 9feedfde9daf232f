import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { SCHEDULE_TARGET_RETRY_ATTEMPTS } from '#infra/constructs/schedules.ts';
import { FUNCTIONS, functionTimeoutSeconds, SCHEDULES } from '#infra/topology.ts';
import { defaultStack } from './synth.ts';
import { type Resource, refId, resources, statementsOf } from './template.ts';

const { template } = defaultStack();

const functionLogicalId = (specId: string): string => {
  const entry = Object.entries(resources(template, 'AWS::Lambda::Function')).find(
    ([, fn]) => fn.Properties?.Description === `motcua ${specId}`,
  );
  expect(entry, specId).toBeDefined();
  return entry?.[0] ?? '';
};

type RuleTarget = {
  Arn?: unknown;
  DeadLetterConfig?: { Arn?: unknown };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
};

const targetsOf = (rule: Resource): RuleTarget[] =>
  (rule.Properties?.Targets as RuleTarget[] | undefined) ?? [];

describe.each(SCHEDULES.map((schedule) => [schedule.function, schedule] as const))(
  'schedule of %s',
  (_name, schedule) => {
    const spec = FUNCTIONS[schedule.function];
    const rate = schedule.rateMinutes * 60;
    const ruleFor = (): [string, Resource] => {
      const fnId = functionLogicalId(spec.id);
      const rules = Object.entries(resources(template, 'AWS::Events::Rule')).filter(([, rule]) =>
        targetsOf(rule).some((target) => refId(target.Arn) === fnId),
      );
      expect(rules).toHaveLength(1);
      return rules[0] as [string, Resource];
    };

    test(`an EventBridge rule rate(${schedule.rateMinutes} minutes) targeting ${spec.id}, enabled`, () => {
      const [, rule] = ruleFor();
      expect(rule.Properties).toMatchObject({
        ScheduleExpression: `rate(${schedule.rateMinutes} minutes)`,
        State: 'ENABLED',
      });
      expect(targetsOf(rule)).toHaveLength(1);
    });

    test('the target retries a little, drops ticks too old to finish before the next, and has a DLQ', () => {
      const [, rule] = ruleFor();
      const [target] = targetsOf(rule);
      const maxAge = target?.RetryPolicy?.MaximumEventAgeInSeconds ?? 0;
      expect(target?.RetryPolicy?.MaximumRetryAttempts).toBe(SCHEDULE_TARGET_RETRY_ATTEMPTS);
      expect(maxAge).toBeGreaterThanOrEqual(60);
      expect(maxAge + functionTimeoutSeconds(spec)).toBeLessThanOrEqual(rate);
      const dlqId = refId(target?.DeadLetterConfig?.Arn);
      expect(dlqId).toBeDefined();
      expect(template.toJSON().Resources[dlqId ?? '']?.Type).toBe('AWS::SQS::Queue');
      // EventBridge may send to it: the queue policy names the rule.
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleFor()[0], 'Arn'] } } },
            }),
          ]),
        },
      });
    });

    test('EventBridge may invoke the function, from this rule only', () => {
      const [ruleId] = ruleFor();
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [functionLogicalId(spec.id), 'Arn'] },
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      });
    });

    test('a failed run is not retried by Lambda (the next tick is the retry) and lands in the same DLQ', () => {
      const [, rule] = ruleFor();
      const dlqId = refId(targetsOf(rule)[0]?.DeadLetterConfig?.Arn);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionLogicalId(spec.id) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: targetsOf(rule)[0]?.RetryPolicy?.MaximumEventAgeInSeconds,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
      });
    });

    test('runs cannot overlap: the timeout is shorter than the rate', () => {
      expect(functionTimeoutSeconds(spec)).toBeLessThan(rate);
    });
  },
);

test('EventBridge may use the stack key only through SQS (the encrypted schedule DLQs)', () => {
  const key = Object.values(resources(template, 'AWS::KMS::Key'))[0];
  const statements = statementsOf(key?.Properties?.KeyPolicy);
  const forEvents = statements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
  expect(forEvents).toHaveLength(1);
  expect(forEvents[0]).toMatchObject({
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    Condition: {
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['sqs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
    },
  });
});
