import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionId, SCHEDULES, type ScheduleSpec } from '../topology.ts';
import { type MotcuaFunction, pascalCase } from './lambda-function.ts';

/** Retries of EventBridge when it cannot hand a tick to Lambda (throttling, service errors). */
export const SCHEDULE_TARGET_RETRY_ATTEMPTS = 2;

export type ScheduledRule = {
  spec: ScheduleSpec;
  function: MotcuaFunction;
  rule: Rule;
  deadLetterQueue: Queue;
};

export type SchedulesProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  key: IKey;
  schedules?: readonly ScheduleSpec[];
};

/**
 * The topology's SCHEDULES: one EventBridge rule `rate(N minutes)` per schedule, targeting its
 * function. Runs never overlap: the function's timeout must be shorter than the rate, and a
 * tick is dropped (to the DLQ) once it is too old to finish before the next one. Each schedule
 * has a KMS-encrypted, TLS-only DLQ that receives both the ticks EventBridge could not hand to
 * Lambda and the runs that failed (the function's asynchronous on-failure destination: no
 * automatic retry, the next tick is the retry).
 */
export class Schedules extends Construct {
  readonly rules: ScheduledRule[] = [];
  /** One per schedule; Monitoring alarms on them. */
  readonly deadLetterQueues: Queue[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const schedules = props.schedules ?? SCHEDULES;
    for (const spec of schedules) {
      if (!Number.isInteger(spec.rateMinutes) || spec.rateMinutes < 1) {
        throw new Error(`schedule of ${spec.function}: rateMinutes must be a whole number of minutes ≥ 1`);
      }
      const fn = props.functions[spec.function];
      const rate = Duration.minutes(spec.rateMinutes);
      if (fn.timeoutSeconds >= rate.toSeconds()) {
        throw new Error(
          `schedule of ${spec.function}: its timeout (${fn.timeoutSeconds} s) must be shorter than its rate ` +
            `(${rate.toSeconds()} s), or runs could overlap`,
        );
      }
      // A tick that starts later than this could still be running at the next tick.
      const maxEventAge = Duration.seconds(Math.max(60, rate.toSeconds() - fn.timeoutSeconds));
      const name = pascalCase(fn.spec.id);

      const deadLetterQueue = new Queue(this, `${name}ScheduleDlq`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the DLQ of the schedule rule’s target and the function’s ' +
          'asynchronous on-failure destination (cdk-nag only recognises DLQs named in a redrive policy or a ' +
          'function DeadLetterConfig).',
      });

      const rule = new Rule(this, `${name}Schedule`, {
        description: `motcua: runs ${fn.spec.id} every ${spec.rateMinutes} minutes`,
        schedule: Schedule.rate(rate),
      });
      rule.addTarget(
        new LambdaFunction(fn.lambda, {
          deadLetterQueue,
          retryAttempts: SCHEDULE_TARGET_RETRY_ATTEMPTS,
          maxEventAge,
        }),
      );
      fn.lambda.configureAsyncInvoke({
        retryAttempts: 0,
        maxEventAge,
        onFailure: new SqsDestination(deadLetterQueue),
      });
      // The on-failure destination sends to the encrypted queue (grantSendMessages on the stack key).
      fn.acknowledgeKeyWildcards();

      this.deadLetterQueues.push(deadLetterQueue);
      this.rules.push({ spec, function: fn, rule, deadLetterQueue });
    }

    if (this.rules.length > 0) {
      // EventBridge writes to the rules' encrypted DLQs through SQS, which uses the stack key on
      // its behalf (CDK grants the queue policy, not the key).
      props.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'EventBridgeScheduleDeadLetterQueues',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    }
  }
}
