import { describe, expect, test } from 'vitest';
import { pascalCase, TABLE_ACTIONS } from '#infra/constructs/lambda-function.ts';
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_QUEUES,
  CONSUMERS,
  type ConsumerSpec,
  FUNCTIONS,
  type FunctionSpec,
  functionMemoryMiB,
  functionTimeoutSeconds,
  GATEWAY_SCOPES,
  type KeyAttribute,
  queueVisibilityTimeoutSeconds,
  ROUTES,
  SCHEDULES,
  SERVICE_QUEUES,
  TABLES,
  type TableSpec,
  UPLOAD_NOTIFICATIONS,
} from '#infra/topology.ts';
import { defaultStack } from './synth.ts';
import {
  byPath,
  getAtt,
  methodRoutes,
  type Resource,
  refId,
  resources,
  statementsOf,
  topologyFunctions,
} from './template.ts';

/**
 * The stack is built from infra/topology.ts: each table, index, queue, function, route, consumer
 * and schedule of the topology has its counterpart in the template, found by name, with the
 * properties its spec gives, and the template has nothing of those kinds besides (the local
 * runtime's side of the same promise is tested with the runtime).
 */
const { template } = defaultStack();

const sorted = (values: Iterable<string>): string[] => [...values].sort();
const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute | undefined) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' }] : []),
];

// Where the stack puts each kind of thing (the construct ids it derives from the topology's names).
const tablePath = (spec: TableSpec) => `Data/${pascalCase(spec.id)}Table`;
const agencyQueuePath = (queueId: string) => `FanOut/${pascalCase(queueId)}`;
const failureQueuePath = (queueName: string) => `FanOut/${pascalCase(queueName)}Dlq`;
const scheduleQueuePath = (spec: FunctionSpec) => `Schedules/${pascalCase(spec.id)}ScheduleDlq`;
const schedulePath = (spec: FunctionSpec) => `Schedules/${pascalCase(spec.id)}Schedule`;

const tables = byPath(template, 'AWS::DynamoDB::Table');
const queues = byPath(template, 'AWS::SQS::Queue');
const rules = byPath(template, 'AWS::Events::Rule');

/** The counterpart at a construct path; fails the test naming the path when there is none. */
const at = (found: Map<string, { id: string; resource: Resource }>, path: string) => {
  const entry = found.get(path);
  expect(entry, path).toBeDefined();
  return entry ?? { id: '', resource: { Type: '' } };
};

/** Each function's logical id and resource, by its topology id (the stack describes it `motcua <id>`). */
const functions = new Map(
  Object.entries(topologyFunctions(template)).map(([id, resource]) => [
    String(resource.Properties?.Description).replace(/^motcua /, ''),
    { id, resource },
  ]),
);
const functionOf = (spec: FunctionSpec) => {
  const entry = functions.get(spec.id);
  expect(entry, spec.id).toBeDefined();
  return entry ?? { id: '', resource: { Type: '' } };
};

const streamConsumers = CONSUMERS.filter(
  (consumer): consumer is Extract<ConsumerSpec, { kind: 'stream' }> => consumer.kind === 'stream',
);

describe('tables and indexes', () => {
  test('exactly one table per TABLES entry', () => {
    expect(sorted(tables.keys())).toEqual(sorted(Object.values(TABLES).map(tablePath)));
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test.each(Object.values(TABLES).map((spec) => [spec.id, spec] as const))(
    '%s: keys, attribute types, stream and TTL of its spec',
    (_id, spec) => {
      const properties = at(tables, tablePath(spec)).resource.Properties;
      expect(properties?.KeySchema).toEqual(keySchema(spec.partitionKey, spec.sortKey));
      const keyAttributes = new Map<string, string>();
      for (const key of [
        spec.partitionKey,
        spec.sortKey,
        ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ]) {
        if (key) keyAttributes.set(key.name, key.type);
      }
      const definitions = (properties?.AttributeDefinitions ?? []) as {
        AttributeName: string;
        AttributeType: string;
      }[];
      expect(new Map(definitions.map((d) => [d.AttributeName, d.AttributeType]))).toEqual(keyAttributes);
      expect(definitions).toHaveLength(keyAttributes.size);
      expect(properties?.StreamSpecification).toEqual(
        spec.stream ? { StreamViewType: spec.stream } : undefined,
      );
      expect(properties?.TimeToLiveSpecification).toEqual(
        spec.ttlAttribute ? { AttributeName: spec.ttlAttribute, Enabled: true } : undefined,
      );
      const indexNames = ((properties?.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).map(
        (index) => index.IndexName,
      );
      expect(sorted(indexNames)).toEqual(sorted(spec.indexes.map((index) => index.name)));
      expect(properties?.LocalSecondaryIndexes).toBeUndefined();
    },
  );

  const indexes = Object.values(TABLES).flatMap((table) =>
    table.indexes.map((index) => [table.id, index.name, table, index] as const),
  );
  test('the topology has indexes to check', () => {
    expect(indexes.length).toBeGreaterThan(0);
  });
  test.each(indexes)('%s index %s: its keys and projection', (_table, name, table, index) => {
    const found = (
      (at(tables, tablePath(table)).resource.Properties?.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
      }[]
    ).filter((candidate) => candidate.IndexName === name);
    expect(found).toEqual([
      {
        IndexName: name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: index.projection ?? 'ALL' },
      },
    ]);
  });
});

describe('queues', () => {
  test('exactly the topology’s queues: each agency and service queue and its DLQ, the DLQs of stream consumers, schedules and upload notifications', () => {
    expect(sorted(queues.keys())).toEqual(
      sorted([
        ...[...AGENCY_QUEUES, ...SERVICE_QUEUES].flatMap((spec) => [
          agencyQueuePath(spec.id),
          failureQueuePath(spec.id),
        ]),
        ...streamConsumers.map((consumer) => failureQueuePath(consumer.onFailureQueue)),
        ...SCHEDULES.map((schedule) => scheduleQueuePath(FUNCTIONS[schedule.function])),
        ...UPLOAD_NOTIFICATIONS.map((n) => `Documents/${pascalCase(FUNCTIONS[n.function].id)}FailuresDlq`),
      ]),
    );
  });

  test.each([...AGENCY_QUEUES, ...SERVICE_QUEUES].map((spec) => [spec.id, spec] as const))(
    '%s: visibility and redrive of its own spec, into its own DLQ',
    (_id, spec) => {
      const properties = at(queues, agencyQueuePath(spec.id)).resource.Properties;
      const deadLetterQueue = at(queues, failureQueuePath(spec.id));
      expect(properties?.VisibilityTimeout).toBe(queueVisibilityTimeoutSeconds(spec));
      expect(properties?.VisibilityTimeout).toBeGreaterThanOrEqual(spec.visibilityTimeoutSeconds);
      expect(properties?.RedrivePolicy).toEqual({
        maxReceiveCount: spec.maxReceiveCount,
        deadLetterTargetArn: getAtt(deadLetterQueue.id, 'Arn'),
      });
      expect(deadLetterQueue.resource.Properties?.RedrivePolicy).toBeUndefined();
    },
  );
});

describe('functions', () => {
  test('exactly one function per FUNCTIONS entry', () => {
    expect(sorted(functions.keys())).toEqual(sorted(Object.values(FUNCTIONS).map((spec) => spec.id)));
    // and no two functions under one description
    expect(functions.size).toBe(Object.keys(topologyFunctions(template)).length);
  });

  /** Topology table id by logical id. */
  const tableIds = new Map(Object.values(TABLES).map((spec) => [tables.get(tablePath(spec))?.id, spec.id]));

  /** The DynamoDB actions a role is granted per table (its indexes included), by topology table id. */
  const tableGrants = (roleId: string | undefined): Map<string, string[]> => {
    const grants = new Map<string, Set<string>>();
    for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
      if (!((policy.Properties?.Roles as unknown[]) ?? []).some((role) => refId(role) === roleId)) continue;
      for (const statement of statementsOf(policy.Properties?.PolicyDocument)) {
        const actions = [statement.Action].flat().map(String);
        if (!actions.some((action) => action.startsWith('dynamodb:'))) continue;
        for (const resource of [statement.Resource].flat()) {
          // A table's ARN, or `<table ARN>/index/*`; stream grants (StreamArn) belong to the consumer.
          const joined = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1]?.[0];
          const reference = (joined ?? resource) as { 'Fn::GetAtt'?: [string, string] };
          const [logicalId, attribute] = reference['Fn::GetAtt'] ?? [];
          const table = attribute === 'Arn' && logicalId ? tableIds.get(logicalId) : undefined;
          if (table === undefined) continue;
          grants.set(table, new Set([...(grants.get(table) ?? []), ...actions]));
        }
      }
    }
    return new Map([...grants].map(([table, actions]) => [table, sorted(actions)]));
  };

  test.each(Object.values(FUNCTIONS).map((spec) => [spec.id, spec as FunctionSpec] as const))(
    '%s: timeout, memory, its tables (variable and grant) and agency queues, as its spec says',
    (_id, spec) => {
      const properties = functionOf(spec).resource.Properties;
      expect(properties).toMatchObject({
        Handler: 'index.handler',
        Timeout: functionTimeoutSeconds(spec),
        MemorySize: functionMemoryMiB(spec),
      });
      const variables =
        (properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      const tableVariables = Object.fromEntries(
        Object.values(TABLES)
          .filter((table) => table.envVar in variables)
          .map((table) => [table.envVar, variables[table.envVar]]),
      );
      expect(tableVariables).toEqual(
        Object.fromEntries(
          spec.tables.map(({ table }) => [
            TABLES[table].envVar,
            { Ref: at(tables, tablePath(TABLES[table])).id },
          ]),
        ),
      );
      expect(tableGrants(refId(properties?.Role))).toEqual(
        new Map(spec.tables.map(({ table, access }) => [table, sorted(TABLE_ACTIONS[access])])),
      );
      expect(AGENCY_QUEUE_URLS_ENV in variables).toBe(spec.agencyQueues !== undefined);
    },
  );
});

describe('routes', () => {
  const methods = methodRoutes(template);

  test('exactly one method per route', () => {
    expect(sorted(methods.keys())).toEqual(sorted(ROUTES.map((route) => `${route.method} ${route.path}`)));
  });

  test.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: proxied to its function, with its authorization',
    (name, route) => {
      const properties = methods.get(name)?.Properties;
      expect(properties, name).toBeDefined();
      const integration = properties?.Integration as {
        Type?: string;
        Uri?: { 'Fn::Join'?: [string, unknown[]] };
      };
      expect(integration?.Type).toBe('AWS_PROXY');
      // arn:...:lambda:path/2015-03-31/functions/<function ARN>/invocations
      const invoked = (integration?.Uri?.['Fn::Join']?.[1] ?? [])
        .map(refId)
        .filter((id) => id !== undefined && !id.startsWith('AWS::'));
      expect(invoked).toEqual([functionOf(FUNCTIONS[route.function]).id]);
      if (route.auth === 'public') {
        expect(properties?.AuthorizationType).toBe('NONE');
        expect(properties?.AuthorizationScopes).toBeUndefined();
      } else {
        expect(properties?.AuthorizationType).toBe('COGNITO_USER_POOLS');
        // The gateway authenticates (any motcua scope); the runtime checks route.scopes.
        expect(properties?.AuthorizationScopes).toEqual([...GATEWAY_SCOPES]);
      }
    },
  );
});

describe('consumers', () => {
  const mappings = resources(template, 'AWS::Lambda::EventSourceMapping');

  /** The mapping that feeds the consumer's function from its source; fails unless there is exactly one. */
  const mappingOf = (consumer: ConsumerSpec): [string, Resource] => {
    const source =
      consumer.kind === 'stream'
        ? getAtt(at(tables, tablePath(TABLES[consumer.table])).id, 'StreamArn')
        : getAtt(at(queues, agencyQueuePath(consumer.queue)).id, 'Arn');
    const found = Object.entries(mappings).filter(
      ([, mapping]) =>
        JSON.stringify(mapping.Properties?.EventSourceArn) === JSON.stringify(source) &&
        refId(mapping.Properties?.FunctionName) === functionOf(FUNCTIONS[consumer.function]).id,
    );
    expect(found, `${consumer.function} from ${JSON.stringify(source)}`).toHaveLength(1);
    return found[0] ?? ['', { Type: '' }];
  };

  test('exactly one event source mapping per CONSUMERS entry', () => {
    expect(CONSUMERS.length).toBeGreaterThan(0);
    const matched = CONSUMERS.map((consumer) => mappingOf(consumer)[0]);
    expect(sorted(matched)).toEqual(sorted(Object.keys(mappings)));
  });

  test.each(
    CONSUMERS.map(
      (consumer) =>
        [consumer.function, consumer.kind === 'stream' ? consumer.table : consumer.queue, consumer] as const,
    ),
  )('%s from %s: batching, retries and failure destination of its spec', (_function, _source, consumer) => {
    const [, mapping] = mappingOf(consumer);
    expect(mapping.Properties).toMatchObject({
      BatchSize: consumer.batchSize,
      MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    if (consumer.kind === 'stream') {
      expect(mapping.Properties).toMatchObject({
        MaximumRetryAttempts: consumer.retryAttempts,
        DestinationConfig: {
          OnFailure: { Destination: getAtt(at(queues, failureQueuePath(consumer.onFailureQueue)).id, 'Arn') },
        },
      });
    } else {
      expect(mapping.Properties?.DestinationConfig).toBeUndefined();
    }
  });
});

describe('schedules', () => {
  test('exactly one EventBridge rule per SCHEDULES entry', () => {
    expect(SCHEDULES.length).toBeGreaterThan(0);
    expect(sorted(rules.keys())).toEqual(
      sorted(SCHEDULES.map((schedule) => schedulePath(FUNCTIONS[schedule.function]))),
    );
  });

  test.each(SCHEDULES.map((schedule) => [schedule.function, schedule] as const))(
    '%s: its rate, targeting its function only',
    (_function, schedule) => {
      const spec = FUNCTIONS[schedule.function];
      const properties = at(rules, schedulePath(spec)).resource.Properties;
      expect(properties?.ScheduleExpression).toBe(`rate(${schedule.rateMinutes} minutes)`);
      const targets = (properties?.Targets ?? []) as { Arn?: unknown }[];
      expect(targets.map((target) => target.Arn)).toEqual([getAtt(functionOf(spec).id, 'Arn')]);
    },
  );
});
