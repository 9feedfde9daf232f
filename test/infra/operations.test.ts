/**
 * Operations on the synthesized template: caps on every event source and reserved
 * concurrency for filing; retries that cover a day and DLQs that outlive their sources; alarms
 * for every function, queue and table of the topology, the API, WAF and the calendar; the
 * dashboard, WAF logging and the alarm e-mail.
 */
import { describe, expect, test } from 'vitest';
import { ALARM_EMAIL_CONTEXT } from '#infra/constructs/alarm-settings.ts';
import { pascalCase } from '#infra/constructs/lambda-function.ts';
import {
  AGENCY_QUEUES,
  CONSUMERS,
  DEFAULT_RETRY_BASE_SECONDS,
  FUNCTIONS,
  METRICS,
  RETRY_BASE_SECONDS_ENV,
  RETRY_POLICY,
  ROUTES,
  SERVICE_QUEUES,
  TABLES,
} from '#infra/topology.ts';
import { retryCoverageSeconds } from '#shared/domain/retry-schedule.ts';
import { CHANNELS } from '#shared/domain/status.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { byPath, type Resource, refId, resources } from './template.ts';

const { template } = defaultStack();
const DAY = 24 * 3600;

const functionIds = byPath(template, 'AWS::Lambda::Function');
const functionLogicalId = (specId: string): string => {
  const found = functionIds.get(`${pascalCase(specId)}/Function`);
  if (!found) throw new Error(`no function ${specId}`);
  return found.id;
};
const queuesByPath = byPath(template, 'AWS::SQS::Queue');
const queueLogicalId = (path: string): string => {
  const found = queuesByPath.get(path);
  if (!found) throw new Error(`no queue ${path}`);
  return found.id;
};
const mappings = () => Object.values(resources(template, 'AWS::Lambda::EventSourceMapping'));
const alarms = () => Object.entries(resources(template, 'AWS::CloudWatch::Alarm'));
const topicId = () => {
  const topics = Object.keys(resources(template, 'AWS::SNS::Topic'));
  expect(topics).toHaveLength(1);
  return topics[0];
};

/** The alarms on `metricName` whose dimensions (or math expression's metrics) refer to `logicalId`. */
const alarmsOn = (metricName: string, logicalId?: string): Resource[] =>
  alarms()
    .map(([, alarm]) => alarm)
    .filter((alarm) => {
      const text = JSON.stringify(alarm.Properties);
      return text.includes(`"MetricName":"${metricName}"`) && (!logicalId || text.includes(`"${logicalId}"`));
    });

describe('isolation', () => {
  test('every queue event source has the topology’s maxConcurrency, each agency queue its own mapping', () => {
    const queueConsumers = CONSUMERS.filter((c) => c.kind === 'queue');
    expect(queueConsumers).toHaveLength(AGENCY_QUEUES.length + SERVICE_QUEUES.length);
    const sqsMappings = mappings().filter(
      (m) => m.Properties?.EventSourceArn !== undefined && !m.Properties?.StartingPosition,
    );
    expect(sqsMappings).toHaveLength(queueConsumers.length);
    for (const consumer of queueConsumers) {
      const queueId = queueLogicalId(`FanOut/${pascalCase(consumer.queue)}`);
      const mapping = sqsMappings.filter((m) => refId(m.Properties?.EventSourceArn) === queueId);
      expect(mapping, consumer.queue).toHaveLength(1);
      expect(mapping[0]?.Properties?.ScalingConfig, consumer.queue).toEqual({
        MaximumConcurrency: consumer.maxConcurrency,
      });
      expect(refId(mapping[0]?.Properties?.FunctionName)).toBe(
        functionLogicalId(FUNCTIONS[consumer.function].id),
      );
    }
  });

  test('stream consumers: parallelization and batching from the topology', () => {
    for (const consumer of CONSUMERS) {
      if (consumer.kind !== 'stream') continue;
      const mapping = mappings().find(
        (m) => refId(m.Properties?.FunctionName) === functionLogicalId(FUNCTIONS[consumer.function].id),
      );
      expect(mapping?.Properties).toMatchObject({
        ParallelizationFactor: consumer.parallelizationFactor,
        BatchSize: consumer.batchSize,
        MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
      });
    }
  });

  test('reserved concurrency where the topology asks for it (the submit path), nowhere else', () => {
    const reserved = Object.values(FUNCTIONS).filter((spec) => 'reservedConcurrency' in spec);
    expect(reserved.map((spec) => spec.id)).toEqual(['submit-dossier']);
    for (const spec of Object.values(FUNCTIONS)) {
      const fn = template.toJSON().Resources[functionLogicalId(spec.id)] as Resource;
      const expected = 'reservedConcurrency' in spec ? spec.reservedConcurrency : undefined;
      expect(fn.Properties?.ReservedConcurrentExecutions, spec.id).toBe(expected);
    }
  });
});

describe('long outages', () => {
  test('each agency queue: retries over ≥ 24 h from its maxReceiveCount and the handler’s retry base; the DLQ outlives the source', () => {
    const deliverer = template.toJSON().Resources[
      functionLogicalId(FUNCTIONS.deliverToAgency.id)
    ] as Resource;
    const env =
      (deliverer.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {};
    const base = Number(env[RETRY_BASE_SECONDS_ENV]);
    expect(base).toBe(DEFAULT_RETRY_BASE_SECONDS);
    for (const spec of AGENCY_QUEUES) {
      const queue = queuesByPath.get(`FanOut/${pascalCase(spec.id)}`)?.resource;
      const redrive = queue?.Properties?.RedrivePolicy as {
        maxReceiveCount: number;
        deadLetterTargetArn: unknown;
      };
      const coverage = retryCoverageSeconds({ ...RETRY_POLICY, baseSeconds: base }, redrive.maxReceiveCount);
      expect(coverage, spec.id).toBeGreaterThanOrEqual(DAY);
      const sourceRetention = Number(queue?.Properties?.MessageRetentionPeriod);
      expect(sourceRetention, spec.id).toBeGreaterThan(coverage);
      const dlq = template.toJSON().Resources[refId(redrive.deadLetterTargetArn) ?? ''] as Resource;
      expect(dlq.Properties?.MessageRetentionPeriod, spec.id).toBe(14 * DAY);
      expect(Number(dlq.Properties?.MessageRetentionPeriod)).toBeGreaterThan(sourceRetention);
    }
  });

  test('queues and DLQs are named after the stack, so redrive finds them and stages never share names', () => {
    for (const spec of AGENCY_QUEUES) {
      expect(queuesByPath.get(`FanOut/${pascalCase(spec.id)}`)?.resource.Properties?.QueueName).toBe(
        `Motcua-test-${spec.id}`,
      );
      expect(queuesByPath.get(`FanOut/${pascalCase(spec.id)}Dlq`)?.resource.Properties?.QueueName).toBe(
        `Motcua-test-${spec.id}-dlq`,
      );
    }
  });

  test('the deliverer reads and writes the circuits table, nothing else gets it', () => {
    const circuits = byPath(template, 'AWS::DynamoDB::Table').get('Data/CircuitsTable');
    expect(circuits).toBeDefined();
    for (const spec of Object.values(FUNCTIONS)) {
      const fn = template.toJSON().Resources[functionLogicalId(spec.id)] as Resource;
      const env =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(refId(env[TABLES.circuits.envVar]), spec.id).toBe(
        spec.id === FUNCTIONS.deliverToAgency.id ? circuits?.id : undefined,
      );
    }
  });
});

describe('alarms', () => {
  test('every alarm notifies the topic, on alarm and on recovery', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms()) {
      expect(alarm.Properties?.AlarmActions, id).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties?.OKActions, id).toEqual([{ Ref: topicId() }]);
      expect(String(alarm.Properties?.AlarmDescription ?? '').length, id).toBeGreaterThan(20);
    }
  });

  const behindApi = new Set<string>(ROUTES.map((route) => FUNCTIONS[route.function].id));

  test.each(
    Object.values(FUNCTIONS)
      .filter((spec) => behindApi.has(spec.id))
      .map((spec) => [spec.id]),
  )('function %s answers the API: its failures are the API 5xx alarm’s, no alarm of its own', (specId) => {
    const fnId = functionLogicalId(specId);
    expect(alarmsOn('Errors', fnId)).toEqual([]);
    expect(alarmsOn('Throttles', fnId)).toEqual([]);
    expect(alarmsOn('5XXError').length).toBeGreaterThan(0);
  });

  test.each(
    Object.values(FUNCTIONS)
      .filter((spec) => !behindApi.has(spec.id))
      .map((spec) => [spec.id]),
  )('function %s: one alarm on its errors plus its throttles', (specId) => {
    const fnId = functionLogicalId(specId);
    const found = alarmsOn('Errors', fnId);
    expect(found, specId).toHaveLength(1);
    expect(alarmsOn('Throttles', fnId)).toEqual(found);
    const properties = found[0]?.Properties;
    expect(properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const metrics = properties?.Metrics as {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: Record<string, unknown> };
    }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('errors + throttles');
    for (const [id, name] of [
      ['errors', 'Errors'],
      ['throttles', 'Throttles'],
    ]) {
      expect(metrics.find((m) => m.Id === id)?.MetricStat?.Metric).toEqual({
        Namespace: 'AWS/Lambda',
        MetricName: name,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      });
    }
  });

  test('every queue of the stack: the age of its oldest message (sources) or its depth (dead-letter queues)', () => {
    const all = [...queuesByPath.values()];
    const deadLetterTargets = new Set(
      all.flatMap(({ resource }) => {
        const target = refId(
          (resource.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)
            ?.deadLetterTargetArn,
        );
        return target ? [target] : [];
      }),
    );
    const sources = all.filter(({ resource }) => resource.Properties?.RedrivePolicy !== undefined);
    expect(sources.map(({ id }) => id).sort()).toEqual(
      [...AGENCY_QUEUES, ...SERVICE_QUEUES]
        .map((spec) => queueLogicalId(`FanOut/${pascalCase(spec.id)}`))
        .sort(),
    );
    for (const { id } of all) {
      const age = alarmsOn('ApproximateAgeOfOldestMessage', id);
      const depth = alarmsOn('ApproximateNumberOfMessagesVisible', id);
      if (sources.some((s) => s.id === id)) {
        expect(age, id).toHaveLength(1);
        expect(age[0]?.Properties).toMatchObject({ Threshold: 900, Statistic: 'Maximum' });
        expect(depth, id).toHaveLength(0);
      } else {
        // Every other queue is a dead-letter or failure queue: one depth alarm, no age alarm.
        expect(depth, id).toHaveLength(1);
        expect(age, id).toHaveLength(0);
      }
    }
    expect(deadLetterTargets.size).toBe(AGENCY_QUEUES.length + SERVICE_QUEUES.length);
  });

  test.each(Object.keys(TABLES).map((id) => [id]))('table %s: read and write throttles', (tableId) => {
    const table = byPath(template, 'AWS::DynamoDB::Table').get(`Data/${pascalCase(tableId)}Table`);
    expect(table, tableId).toBeDefined();
    const found = alarmsOn('ReadThrottleEvents', table?.id);
    expect(found, tableId).toHaveLength(1);
    expect(JSON.stringify(found[0]?.Properties)).toContain('"MetricName":"WriteThrottleEvents"');
    expect(found[0]?.Properties).toMatchObject({ Threshold: 0 });
  });

  test('the API: 4xx rate, p99 latency and any 5xx', () => {
    expect(alarmsOn('4XXError')).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ Statistic: 'Average', Threshold: 0.1, EvaluationPeriods: 3 }),
      }),
    ]);
    expect(alarmsOn('Latency')).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          ExtendedStatistic: 'p99',
          Threshold: 3000,
          EvaluationPeriods: 3,
        }),
      }),
    ]);
    expect(alarmsOn('5XXError')).toHaveLength(1);
  });

  test('WAF blocked-request spikes, on the web ACL’s own metric', () => {
    const acl = Object.values(resources(template, 'AWS::WAFv2::WebACL'))[0];
    const metricName = (acl?.Properties?.VisibilityConfig as { MetricName?: string } | undefined)?.MetricName;
    expect(metricName).toBe('motcua-api');
    const found = alarmsOn('BlockedRequests');
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties).toMatchObject({
      Namespace: 'AWS/WAFV2',
      Threshold: 300,
      Dimensions: expect.arrayContaining([
        { Name: 'WebACL', Value: metricName },
        { Name: 'Rule', Value: 'ALL' },
      ]),
    });
  });

  test(`${METRICS.calendarProvisional}: the service’s metric, as Powertools publishes it`, () => {
    const found = alarmsOn(METRICS.calendarProvisional);
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties).toMatchObject({
      Namespace: 'motcua',
      Dimensions: [{ Name: 'service', Value: 'motcua' }],
      Statistic: 'Sum',
      Threshold: 0,
    });
  });
});

describe('dashboard, WAF logs, alarm e-mail', () => {
  test('one dashboard per stage: intake per channel, delivery lag per agency queue, overdue counts, errors', () => {
    const dashboards = Object.values(resources(template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    expect(JSON.stringify(dashboards[0]?.Properties?.DashboardName)).toContain('Motcua-test-');
    for (const channel of CHANNELS) expect(body).toContain(`\\"channel\\",\\"${channel}\\"`);
    expect(body).toContain(METRICS.dossiersReceived);
    for (const spec of AGENCY_QUEUES) {
      expect(body, spec.id).toContain(queueLogicalId(`FanOut/${pascalCase(spec.id)}`));
    }
    expect(body).toContain('ApproximateAgeOfOldestMessage');
    expect(body).toContain(`MetricName=\\\\\\"${METRICS.overdueDossiers}\\\\\\"`);
    for (const spec of Object.values(FUNCTIONS)) expect(body, spec.id).toContain(functionLogicalId(spec.id));
    expect(body).toContain('"Errors');
  });

  test('WAF logs to an encrypted log group with retention, the Authorization header redacted', () => {
    const configs = Object.values(resources(template, 'AWS::WAFv2::LoggingConfiguration'));
    expect(configs).toHaveLength(1);
    const [acl] = Object.keys(resources(template, 'AWS::WAFv2::WebACL'));
    expect(refId(configs[0]?.Properties?.ResourceArn)).toBe(acl);
    expect(configs[0]?.Properties?.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }]);
    const wafLogs = Object.entries(resources(template, 'AWS::Logs::LogGroup')).filter(([, group]) =>
      String(group.Properties?.LogGroupName).startsWith('aws-waf-logs-'),
    );
    expect(wafLogs).toHaveLength(1);
    const [logGroupId, logGroup] = wafLogs[0] ?? [];
    expect(logGroup?.Properties?.LogGroupName).toBe('aws-waf-logs-Motcua-test');
    expect(logGroup?.Properties?.RetentionInDays).toBe(90);
    expect(logGroup?.Properties?.KmsKeyId).toBeDefined();
    // The log group's ARN without CDK's `:*` suffix, as WAF requires.
    const destination = JSON.stringify(configs[0]?.Properties?.LogDestinationConfigs);
    expect(destination).toContain(`":log-group:",{"Ref":"${logGroupId}"}]`);
  });

  test('WAF logs only what it blocked or counted (the access log has every request)', () => {
    const configs = Object.values(resources(template, 'AWS::WAFv2::LoggingConfiguration'));
    expect(configs[0]?.Properties?.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [
            { ActionCondition: { Action: 'BLOCK' } },
            { ActionCondition: { Action: 'COUNT' } },
            { ActionCondition: { Action: 'EXCLUDED_AS_COUNT' } },
          ],
        },
      ],
    });
  });

  test('no e-mail subscription without the setting', () => {
    expect(Object.keys(resources(template, 'AWS::SNS::Subscription'))).toHaveLength(0);
  });

  test(`${ALARM_EMAIL_CONTEXT}: an e-mail subscription on the alarm topic; a bad address fails synthesis`, () => {
    const { template: withEmail } = synthVariant({ [ALARM_EMAIL_CONTEXT]: 'oncall@example.gov.vn' });
    const subscriptions = Object.values(resources(withEmail, 'AWS::SNS::Subscription'));
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'oncall@example.gov.vn',
    });
    expect(refId(subscriptions[0]?.Properties?.TopicArn)).toBe(
      Object.keys(resources(withEmail, 'AWS::SNS::Topic'))[0],
    );
    expect(() => synthVariant({ [ALARM_EMAIL_CONTEXT]: 'a@b.vn,c@d.vn' })).toThrow(ALARM_EMAIL_CONTEXT);
    expect(() => synthVariant({ [ALARM_EMAIL_CONTEXT]: 'not an address' })).toThrow(ALARM_EMAIL_CONTEXT);
  });
});
