import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { output } from './api.ts';
import { type MotcuaFunction, pascalCase } from './lambda-function.ts';

/** A stream record older than this is at risk: the stream keeps records for 24 hours. */
export const STREAM_ITERATOR_AGE_ALARM = Duration.hours(1);

export type MonitoringProps = {
  key: IKey;
  deadLetterQueues: Queue[];
  api: RestApi;
  streamConsumers: MotcuaFunction[];
};

/**
 * Alarms for what needs an engineer: a message in any dead-letter queue, any 5xx from the API,
 * a stream consumer falling behind. All of them notify one KMS-encrypted SNS topic.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'motcua alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic with the key.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const action = new SnsAction(this.topic);

    for (const queue of props.deadLetterQueues) {
      this.alarm(
        action,
        new Alarm(this, `${queue.node.id}Alarm`, {
          alarmDescription: `Messages in dead-letter queue ${queue.node.path}: inspect, fix, redrive.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: 'Maximum',
          }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.alarm(
      action,
      new Alarm(this, 'Api5xxAlarm', {
        alarmDescription: 'The API answered 5xx: a 5xx is a bug (docs/architecture.md §2).',
        metric: props.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    for (const fn of props.streamConsumers) {
      this.alarm(
        action,
        new Alarm(this, `${pascalCase(fn.spec.id)}IteratorAgeAlarm`, {
          alarmDescription: `${fn.spec.id} is behind its stream; records expire after 24 hours.`,
          metric: fn.lambda.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
          threshold: STREAM_ITERATOR_AGE_ALARM.toMilliseconds(),
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    output(this, 'AlarmTopicArn', this.topic.topicArn, 'Alarm notifications: subscribe the on-call address');
  }

  private alarm(action: IAlarmAction, alarm: Alarm): void {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
