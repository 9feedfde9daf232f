import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { CfnLoggingConfiguration, type CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PAYMENT_CALLBACK_REJECTIONS } from '#shared/domain/payment.ts';
import { CHANNELS } from '#shared/domain/status.ts';
import {
  type FunctionId,
  METRICS,
  METRICS_NAMESPACE,
  PAYMENT_CALLBACK_REJECTED_METRIC,
  ROUTES,
  SERVICE_NAME,
  type TableId,
} from '../topology.ts';
import { type MotcuaFunction, pascalCase } from './lambda-function.ts';

/** Thresholds of the alarms (README, "Runbook"). */
export const ALARM_THRESHOLDS = {
  /** A queued message older than this: its agency (or the portal) is not taking deliveries. */
  queueOldestMessageSeconds: 15 * 60,
  /** Share of API requests answered 4xx, over three 5-minute periods. */
  api4xxRate: 0.1,
  /** p99 latency of the API, over three 5-minute periods. */
  apiP99LatencyMs: 3_000,
  /** Requests WAF blocked in 5 minutes (rate limit and managed rules): an attack or a runaway client. */
  wafBlockedPer5Minutes: 300,
} as const;

/** Retention of the WAF request logs. */
export const WAF_LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * The WAF actions whose requests are logged: what WAF blocked, and what a rule only counted
 * (`COUNT`; `EXCLUDED_AS_COUNT`: a managed rule overridden to count). Allowed requests are not
 * logged: the API's access log already has a line for every request, and WAF's record of each
 * (≈ 1.5 KB, the headers included) cost more than the API request itself to ingest.
 */
export const WAF_LOGGED_ACTIONS = ['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT'] as const;

export type ObservabilityProps = {
  key: IKey;
  /** The alarm topic (Monitoring): every alarm here notifies it. */
  topic: Topic;
  /** Queues Monitoring already alarms on for depth (dead-letter and failure queues). */
  deadLetterQueues: readonly Queue[];
  functions: Record<FunctionId, MotcuaFunction>;
  tables: Record<TableId, Table>;
  api: RestApi;
  /** The API's web ACL, when it has one. */
  webAcl: CfnWebACL | undefined;
  /** Monitoring's own alarms, shown beside these on the dashboard. */
  otherAlarms: readonly IAlarm[];
  /** `motcua:alarmEmail`: subscribed to the alarm topic. */
  alarmEmail: string | undefined;
};

const FIVE_MINUTES = Duration.minutes(5);

/** A custom metric of the service (Powertools: namespace and the `service` dimension). */
export const serviceMetric = (metricName: string, dimensions: Record<string, string> = {}): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME, ...dimensions },
    statistic: 'Sum',
    period: FIVE_MINUTES,
  });

/**
 * What an operator watches, built from what the stack holds, so functions, tables and queues
 * that later issues add get their alarms without a change here:
 * - per topology function not behind the API: Lambda errors and throttles (one alarm; the API's
 *   5xx alarm covers the others);
 * - per queue in the stack: the age of its oldest message (sources) or its depth (dead-letter
 *   queues Monitoring does not already cover);
 * - per table: read and write throttles;
 * - the API: 4xx rate, p99 latency (its 5xx count is Monitoring's); WAF blocked-request spikes;
 * - CalendarProvisional: a due date computed on a year the calendar lacks;
 * - PaymentCallbackRejected: a payment gateway callback refused;
 * - WAF request logs (authorization header redacted) in a KMS-encrypted log group;
 * - the alarm e-mail subscription, and one dashboard for the stage.
 */
export class Observability extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  readonly wafLogs: LogGroup | undefined;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.action = new SnsAction(props.topic);
    if (props.alarmEmail) props.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    // A function behind the API that fails or is throttled answers 5xx: Monitoring's Api5xxAlarm
    // covers it (the dashboard's error graph names the function). The others alarm each.
    const behindApi = new Set<string>(ROUTES.map((route) => route.function));
    for (const [functionId, fn] of Object.entries(props.functions)) {
      if (!behindApi.has(functionId)) this.functionAlarms(fn);
    }

    const { sources, deadLetters } = this.queues(props.deadLetterQueues);
    for (const queue of sources) {
      this.alarm(`${this.idOf(queue)}OldestMessageAlarm`, {
        alarmDescription:
          `${queue.node.path}: a message has waited over ${ALARM_THRESHOLDS.queueOldestMessageSeconds / 60} minutes. ` +
          'Its consumer is failing or its endpoint is down (see the function’s logs and the circuit); ' +
          'deliveries retry with backoff (agency queues: about 28 hours), then go to the DLQ.',
        metric: queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: ALARM_THRESHOLDS.queueOldestMessageSeconds,
      });
    }
    for (const queue of deadLetters) {
      this.alarm(`${this.idOf(queue)}DepthAlarm`, {
        alarmDescription: `Messages in dead-letter queue ${queue.node.path}: inspect, fix, redrive (npm run redrive).`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
      });
    }

    for (const [tableId, table] of Object.entries(props.tables)) {
      this.alarm(`${pascalCase(tableId)}TableThrottlesAlarm`, {
        alarmDescription:
          `DynamoDB throttled requests on the ${tableId} table: find the hot key or the burst ` +
          '(Contributor Insights); on-demand tables throttle past twice their previous peak.',
        metric: new MathExpression({
          expression: 'reads + writes',
          label: `${tableId} throttle events`,
          period: FIVE_MINUTES,
          usingMetrics: {
            reads: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
            writes: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: FIVE_MINUTES }),
          },
        }),
        threshold: 0,
      });
    }

    this.alarm('Api4xxRateAlarm', {
      alarmDescription:
        `Over ${ALARM_THRESHOLDS.api4xxRate * 100}% of API requests answered 4xx for 15 minutes: a client ` +
        'with a bad token or a bad release; the access log names the client and the route.',
      metric: props.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Average' }),
      threshold: ALARM_THRESHOLDS.api4xxRate,
      evaluationPeriods: 3,
    });
    this.alarm('ApiLatencyP99Alarm', {
      alarmDescription:
        `API p99 latency above ${ALARM_THRESHOLDS.apiP99LatencyMs} ms for 15 minutes: look at the traces ` +
        '(X-Ray) for the slow function, throttles, DynamoDB latency.',
      metric: props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      threshold: ALARM_THRESHOLDS.apiP99LatencyMs,
      evaluationPeriods: 3,
    });

    const blocked = props.webAcl ? this.wafBlocked(props.webAcl) : undefined;
    if (props.webAcl && blocked) {
      this.alarm('WafBlockedRequestsAlarm', {
        alarmDescription:
          `WAF blocked over ${ALARM_THRESHOLDS.wafBlockedPer5Minutes} requests in 5 minutes: an attack or a ` +
          'runaway client; the WAF log group names the source addresses and rules.',
        metric: blocked,
        threshold: ALARM_THRESHOLDS.wafBlockedPer5Minutes,
      });
      this.wafLogs = this.wafLogging(props.webAcl, props.key);
    }

    this.alarm('CalendarProvisionalAlarm', {
      alarmDescription:
        'A due date was computed on a year the working-day calendar does not hold (provisional): load the ' +
        'year with PUT /v1/calendar/{year}; the sweep and later actions use it from then on.',
      metric: serviceMetric(METRICS.calendarProvisional, {}).with({ period: Duration.hours(1) }),
      threshold: 0,
    });

    // One series per refusal reason (the metric's only dimension besides the service).
    this.alarm('PaymentCallbackRejectedAlarm', {
      alarmDescription:
        'A payment gateway callback was refused (bad signature, wrong amount, expired or unknown payment): a ' +
        'forged callback, or the gateway secret or page out of step; the payment-callback log names the payment.',
      metric: new MathExpression({
        expression: PAYMENT_CALLBACK_REJECTIONS.map((_, i) => `r${i}`).join(' + '),
        usingMetrics: Object.fromEntries(
          PAYMENT_CALLBACK_REJECTIONS.map((reason, i) => [
            `r${i}`,
            serviceMetric(PAYMENT_CALLBACK_REJECTED_METRIC, { reason }),
          ]),
        ),
        period: FIVE_MINUTES,
      }),
      threshold: 0,
    });

    this.dashboard = this.buildDashboard(props, sources, blocked);
  }

  /**
   * One alarm for errors and throttles together (one metric-math alarm, not two): a stack of
   * ~40 functions must stay well under CloudFormation's 500 resources.
   */
  private functionAlarms(fn: MotcuaFunction): void {
    this.alarm(`${pascalCase(fn.spec.id)}ErrorsAlarm`, {
      alarmDescription:
        `${fn.spec.id} failed or was throttled. Errors (an unhandled error or a timeout): read its log ` +
        'group for the request id; queued work is retried, API callers got a 5xx. Throttles: the ' +
        'account’s concurrency (or its reserved concurrency) is used up; see which function grew, ' +
        'raise the quota or the reservation. The dashboard shows the two apart.',
      metric: new MathExpression({
        expression: 'errors + throttles',
        label: `${fn.spec.id} errors and throttles`,
        period: FIVE_MINUTES,
        usingMetrics: {
          errors: fn.lambda.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
          throttles: fn.lambda.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
      }),
      threshold: 0,
    });
  }

  /** `FanOut/AgencyPolice` → `FanOutAgencyPolice`: unique in the stack, whatever construct made the queue. */
  private idOf(queue: Queue): string {
    const stackPath = Stack.of(this).node.path;
    return pascalCase(queue.node.path.slice(stackPath.length));
  }

  /**
   * Every queue in the stack (built last, so every other construct has made its queues): the
   * dead-letter queues named in a redrive policy, and the sources.
   */
  private queues(covered: readonly Queue[]): { sources: Queue[]; deadLetters: Queue[] } {
    const all = Stack.of(this)
      .node.findAll()
      .filter((c): c is Queue => c instanceof Queue);
    const deadLetterTargets = new Set(
      all.flatMap((q) => (q.deadLetterQueue ? [q.deadLetterQueue.queue] : [])),
    );
    const isDeadLetter = (q: Queue) => covered.includes(q) || deadLetterTargets.has(q);
    return {
      sources: all.filter((q) => !isDeadLetter(q)),
      deadLetters: all.filter((q) => deadLetterTargets.has(q) && !covered.includes(q)),
    };
  }

  private wafBlocked(webAcl: CfnWebACL): Metric | undefined {
    const visibility = webAcl.visibilityConfig as CfnWebACL.VisibilityConfigProperty | undefined;
    if (!visibility?.metricName) return undefined;
    return new Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: visibility.metricName, Region: Aws.REGION, Rule: 'ALL' },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  }

  /** WAF request logs: `aws-waf-logs-` is the name WAF requires; the Authorization header is redacted. */
  private wafLogging(webAcl: CfnWebACL, key: IKey): LogGroup {
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${stack.stackName}`,
      retention: WAF_LOG_RETENTION,
      encryptionKey: key,
    });
    // WAF delivers through the log delivery service; only for this account's web ACLs.
    logGroup.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
        },
      }),
    );
    new CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      // WAF wants the log group ARN without the `:*` suffix CDK's logGroupArn carries.
      logDestinationConfigs: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
      // An untyped property: CloudFormation's own (PascalCase) names, passed through as they are.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: WAF_LOGGED_ACTIONS.map((action) => ({ ActionCondition: { Action: action } })),
          },
        ],
      },
    });
    return logGroup;
  }

  private buildDashboard(
    props: ObservabilityProps,
    sources: Queue[],
    blocked: Metric | undefined,
  ): Dashboard {
    const stack = Stack.of(this);
    const dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboards are per account, not per region: the region keeps two deployments apart.
      dashboardName: `${stack.stackName}-${Aws.REGION}`,
      defaultInterval: Duration.hours(24),
    });
    const functions = Object.values(props.functions);
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# motcua (${stack.stackName})\nIntake, delivery lag, overdue dossiers, errors. Alarms: README, "Runbook".`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Intake per channel (dossiers / 5 min)',
        left: CHANNELS.map((channel) =>
          serviceMetric(METRICS.dossiersReceived, { channel }).with({ label: channel }),
        ),
        stacked: true,
        width: 12,
      }),
      new GraphWidget({
        title: 'Delivery lag per queue (age of the oldest message, s)',
        left: sources.map((queue) =>
          queue.metricApproximateAgeOfOldestMessage({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: queue.node.id,
          }),
        ),
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Overdue dossiers marked, per agency system',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},agencyId,service} MetricName="${METRICS.overdueDossiers}"', 'Sum', 900)`,
            label: '',
            period: Duration.minutes(15),
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Overdue dossiers marked, per center',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},centerId,service} MetricName="${METRICS.overdueDossiers}"', 'Sum', 900)`,
            label: '',
            period: Duration.minutes(15),
          }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: functions.map((fn) =>
          fn.lambda.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: fn.spec.id }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'API: 4xx, 5xx, p99 latency',
        left: [
          props.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
          props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
          ...(blocked ? [blocked.with({ label: 'WAF blocked' })] : []),
        ],
        right: [
          props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'p99 latency (ms)' }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.otherAlarms, ...this.alarms],
        width: 24,
        height: 8,
      }),
    );
    return dashboard;
  }

  private alarm(
    id: string,
    props: { alarmDescription: string; metric: IMetric; threshold: number; evaluationPeriods?: number },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      ...props,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
