import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '#infra/constructs/api.ts';
import { pascalCase } from '#infra/constructs/lambda-function.ts';
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_QUEUES,
  AGENCY_SYSTEMS,
  ALL_SCOPES,
  CONSUMERS,
  FUNCTIONS,
  functionTimeoutSeconds,
  PROFILE_SCOPES,
  projectionOf,
  QUEUE_MAX_RECEIVE_COUNT,
  RESOURCE_SERVER,
  ROUTES,
  SCHEDULES,
  SCOPES,
  SERVICE_QUEUES,
  TABLES,
  UPLOAD_NOTIFICATIONS,
} from '#infra/topology.ts';
import { CENTERS, COMMUNE_UNITS } from '#shared/config/seed-catalog.ts';
import { defaultStack } from './synth.ts';
import {
  byPath,
  isNotificationsHandler,
  methodRoutes,
  type Resource,
  refId,
  resources,
  statementsOf,
  topologyFunctions,
} from './template.ts';

const { template } = defaultStack();

/** The stack's one key (the 'key' tests check there is exactly one). */
const keyArn = () => ({ 'Fn::GetAtt': [Object.keys(template.findResources('AWS::KMS::Key'))[0], 'Arn'] });

/**
 * `{ agencyId: queue logical id }` out of the JSON text the stack renders for the variable:
 * `{ "Fn::Join": ["", ['{"commune":"', { Ref: queue }, '","police":"', ...]] }`.
 */
const queueUrlsOf = (value: unknown): Record<string, string | undefined> => {
  const parts = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1] ?? [];
  const urls: Record<string, string | undefined> = {};
  parts.forEach((part, index) => {
    const queueId = refId(part);
    if (queueId === undefined) return;
    const agencyId = /"([^"]+)":"$/.exec(String(parts[index - 1]))?.[1];
    urls[agencyId ?? '?'] = queueId;
  });
  return urls;
};

const functionsBySpecId = (): Map<string, Resource> =>
  new Map(
    Object.values(topologyFunctions(template)).map((fn) => [
      String(fn.Properties?.Description).replace(/^motcua /, ''),
      fn,
    ]),
  );

describe('key', () => {
  test('one customer-managed key, rotated, retained', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('tables', () => {
  test('the topology’s tables: on-demand, PITR, encrypted with the stack key, deletion protection, retained', () => {
    const tables = Object.values(resources(template, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(Object.keys(TABLES).length);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    }
  });

  test('the dossiers table streams NEW_AND_OLD_IMAGES, with its indexes (as the topology projects them) and TTL', () => {
    template.resourcePropertiesCountIs('AWS::DynamoDB::Table', { StreamSpecification: Match.anyValue() }, 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TABLES.dossiers.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: TABLES.dossiers.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
        Projection: projectionOf(index),
      })),
    });
  });
});

describe('documents bucket', () => {
  test('KMS-encrypted, versioned, private, TLS-only, logging to the access-log bucket, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
      DeletionPolicy: 'Retain',
    });
    // enforceSSL on both buckets
    template.resourcePropertiesCountIs(
      'AWS::S3::BucketPolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      2,
    );
  });
});

describe('agency queues', () => {
  const queues = () => Object.entries(resources(template, 'AWS::SQS::Queue'));
  const agencyQueues = () =>
    queues().filter(
      ([id, queue]) =>
        queue.Properties?.RedrivePolicy !== undefined &&
        !SERVICE_QUEUES.some((spec) => id.startsWith(`FanOut${pascalCase(spec.id)}`)),
    );

  test(`seven agency queues, each with its own DLQ after maxReceiveCount ${QUEUE_MAX_RECEIVE_COUNT}`, () => {
    const withDlq = agencyQueues();
    expect(withDlq).toHaveLength(AGENCY_QUEUES.length);
    expect(AGENCY_QUEUES).toHaveLength(7);
    const dlqIds = new Set<string>();
    for (const [, queue] of withDlq) {
      const redrive = queue.Properties?.RedrivePolicy as {
        maxReceiveCount: number;
        deadLetterTargetArn: unknown;
      };
      expect(redrive.maxReceiveCount).toBe(QUEUE_MAX_RECEIVE_COUNT);
      const dlqId = refId(redrive.deadLetterTargetArn);
      expect(dlqId).toBeDefined();
      dlqIds.add(dlqId ?? '');
    }
    expect(dlqIds.size).toBe(7);
    for (const dlqId of dlqIds) {
      expect(template.toJSON().Resources[dlqId]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { MessageRetentionPeriod: 14 * 24 * 3600, KmsMasterKeyId: keyArn() },
      });
    }
  });

  test('each agency queue: visibility timeout at least six times its consumer’s timeout, and never below its spec', () => {
    const byName = byPath(template, 'AWS::SQS::Queue');
    expect(AGENCY_QUEUES).toHaveLength(7);
    for (const spec of AGENCY_QUEUES) {
      const visibility = byName.get(`FanOut/${pascalCase(spec.id)}`)?.resource.Properties?.VisibilityTimeout;
      expect(visibility, spec.id).toBeTypeOf('number');
      const consumers = CONSUMERS.filter(
        (consumer) => consumer.kind === 'queue' && consumer.queue === spec.id,
      );
      expect(consumers, spec.id).toHaveLength(1);
      for (const consumer of consumers) {
        expect(visibility, spec.id).toBeGreaterThanOrEqual(
          6 * functionTimeoutSeconds(FUNCTIONS[consumer.function]),
        );
      }
      expect(visibility, spec.id).toBeGreaterThanOrEqual(spec.visibilityTimeoutSeconds);
    }
  });

  test('every queue: KMS with the stack key, retained, TLS-only', () => {
    const streamConsumers = CONSUMERS.filter((consumer) => consumer.kind === 'stream');
    // each agency and service queue and its DLQ, the stream consumers', the schedules' and the upload verifier's DLQs
    expect(queues()).toHaveLength(
      (AGENCY_QUEUES.length + SERVICE_QUEUES.length) * 2 +
        streamConsumers.length +
        SCHEDULES.length +
        UPLOAD_NOTIFICATIONS.length,
    );
    for (const [id, queue] of queues()) {
      expect(queue.Properties?.KmsMasterKeyId, id).toEqual(keyArn());
      expect(queue.DeletionPolicy, id).toBe('Retain');
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('functions', () => {
  test('no role may scan a table; dossier readers may query its indexes', () => {
    const statements = Object.values(resources(template, 'AWS::IAM::Policy')).flatMap((policy) =>
      statementsOf(policy.Properties?.PolicyDocument),
    );
    const actions = statements.flatMap((s) => [s.Action].flat().map(String));
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).not.toHaveLength(0);
    expect(actions.filter((a) => /^dynamodb:(Scan|\*)$/.test(a))).toEqual([]);
    const queryResources = JSON.stringify(
      statements.filter((s) => [s.Action].flat().includes('dynamodb:Query')),
    );
    expect(queryResources).toContain('/index/*');
  });

  test('every Lambda: nodejs24.x on arm64, traced, JSON logs to its own log group (Lambda’s own lines at WARN), Powertools env', () => {
    const functions = Object.values(topologyFunctions(template));
    expect(functions).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: {
          LogFormat: 'JSON',
          LogGroup: { Ref: expect.any(String) },
          ApplicationLogLevel: 'INFO',
          // No platform.start/platform.report line per invocation (docs/architecture.md §14).
          SystemLogLevel: 'WARN',
        },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'motcua',
            POWERTOOLS_METRICS_NAMESPACE: 'motcua',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          },
        },
      });
      // Parsing the source map at every cold start costs more than it gives (docs/architecture.md, Bundles).
      expect(fn.Properties).not.toHaveProperty(['Environment', 'Variables', 'NODE_OPTIONS']);
    }
  });

  test('log groups have a retention and are encrypted with the stack key', () => {
    const logGroups = Object.values(resources(template, 'AWS::Logs::LogGroup'));
    // one per function, the API's access logs and WAF's request logs
    expect(logGroups).toHaveLength(Object.keys(FUNCTIONS).length + 2);
    for (const logGroup of logGroups) {
      expect(logGroup.Properties?.RetentionInDays).toBeGreaterThan(0);
      expect(logGroup.Properties?.KmsKeyId).toEqual(keyArn());
    }
  });

  test('no execution role carries a managed policy', () => {
    // CDK's deploy-time notifications handler keeps its basic execution policy (nag-acknowledged).
    const handlerRoles = new Set(
      Object.values(resources(template, 'AWS::Lambda::Function'))
        .filter(isNotificationsHandler)
        .map((fn) => refId(fn.Properties?.Role)),
    );
    const executionRoles = Object.entries(resources(template, 'AWS::IAM::Role'))
      .filter(
        ([id, role]) =>
          !handlerRoles.has(id) &&
          JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
      )
      .map(([, role]) => role);
    expect(executionRoles).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const role of executionRoles) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  test(`${AGENCY_QUEUE_URLS_ENV} only where the spec names agencyQueues, each agency to its own queue`, () => {
    const functions = functionsBySpecId();
    expect([...functions.keys()].sort()).toEqual(
      Object.values(FUNCTIONS)
        .map((spec) => spec.id)
        .sort(),
    );
    const withQueues = Object.values(FUNCTIONS).filter((spec) => 'agencyQueues' in spec && spec.agencyQueues);
    // both branches below are exercised
    expect(withQueues.length).toBeGreaterThan(0);
    expect(withQueues.length).toBeLessThan(Object.keys(FUNCTIONS).length);
    const queuesByPath = byPath(template, 'AWS::SQS::Queue');
    const expected = Object.fromEntries(
      AGENCY_QUEUES.map((queue) => [queue.agencyId, queuesByPath.get(`FanOut/${pascalCase(queue.id)}`)?.id]),
    );
    expect(Object.values(expected).filter((id) => id !== undefined)).toHaveLength(AGENCY_SYSTEMS.length);
    for (const spec of Object.values(FUNCTIONS)) {
      const environment = functions.get(spec.id)?.Properties?.Environment as
        | { Variables?: Record<string, unknown> }
        | undefined;
      const variables = environment?.Variables ?? {};
      if (withQueues.includes(spec)) {
        expect(queueUrlsOf(variables[AGENCY_QUEUE_URLS_ENV]), spec.id).toEqual(expected);
      } else {
        expect(variables[AGENCY_QUEUE_URLS_ENV], spec.id).toBeUndefined();
      }
    }
  });
});

describe('event source mappings', () => {
  test('agency queues: batches with partial failures (ReportBatchItemFailures)', () => {
    const queueConsumers = CONSUMERS.filter((consumer) => consumer.kind === 'queue');
    const sqsMappings = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => mapping.Properties?.StartingPosition === undefined,
    );
    expect(sqsMappings).toHaveLength(AGENCY_QUEUES.length + SERVICE_QUEUES.length);
    for (const mapping of sqsMappings) {
      expect(mapping.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'] });
    }
    // Each consumer's batch size and window (they differ: 5 s where the work may be seconds behind).
    const settings = (batchSize: unknown, window: unknown) => `${batchSize}/${window}`;
    expect(
      sqsMappings
        .map((m) => settings(m.Properties?.BatchSize, m.Properties?.MaximumBatchingWindowInSeconds))
        .sort(),
    ).toEqual(queueConsumers.map((c) => settings(c.batchSize, c.maxBatchingWindowSeconds)).sort());
  });

  test('dossiers stream: bisect on error, retries, partial failures, on-failure DLQ', () => {
    const streamConsumer = CONSUMERS.find((consumer) => consumer.kind === 'stream');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Dossiers'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: streamConsumer?.batchSize,
      MaximumBatchingWindowInSeconds: streamConsumer?.maxBatchingWindowSeconds,
      MaximumRetryAttempts:
        streamConsumer && 'retryAttempts' in streamConsumer ? streamConsumer.retryAttempts : -1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
    });
  });
});

describe('API', () => {
  test('sends the receipt PDF and the XLSX report export as bytes (binary media types)', () => {
    const [api] = Object.values(resources(template, 'AWS::ApiGateway::RestApi'));
    expect(api?.Properties?.BinaryMediaTypes).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  test('one method per route; every token route accepts any motcua scope (the runtime checks the route’s)', () => {
    const methods = methodRoutes(template);
    expect(methods.size).toBe(ROUTES.length);
    for (const route of ROUTES) {
      const method = methods.get(`${route.method} ${route.path}`);
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      if (route.auth === 'public') {
        expect(method?.Properties?.AuthorizationType).toBe('NONE');
        expect(method?.Properties?.AuthorizationScopes).toBeUndefined();
      } else {
        expect(method?.Properties).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizerId: { Ref: expect.any(String) },
          AuthorizationScopes: [...ALL_SCOPES],
        });
      }
    }
  });

  test('stage: tracing, throttling, execution and access logging', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: 200,
          ThrottlingBurstLimit: 400,
        }),
      ],
    });
  });

  test('gateway errors (401, 403, 429, 5xx, ...) answer application/problem+json', () => {
    const responses = Object.values(resources(template, 'AWS::ApiGateway::GatewayResponse'));
    expect(responses.length).toBeGreaterThanOrEqual(5);
    for (const response of responses) {
      expect(response.Properties?.ResponseParameters).toEqual({
        'gatewayresponse.header.Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
        // A 401 challenges for a bearer token, as the local gateway's 401 does.
        ...(response.Properties?.StatusCode === '401'
          ? { 'gatewayresponse.header.WWW-Authenticate': `'Bearer realm="motcua"'` }
          : {}),
      });
      const templates = response.Properties?.ResponseTemplates as Record<string, string> | undefined;
      const body = templates?.['application/json'] ?? '';
      expect(body).toContain(`"status":${String(response.Properties?.StatusCode)}`);
      expect(body).toContain('"title":');
    }
    const statusOf = new Map(responses.map((r) => [r.Properties?.ResponseType, r.Properties?.StatusCode]));
    expect(statusOf.get('UNAUTHORIZED')).toBe('401');
    // The same problem type as the local gateway's 401.
    const unauthorized = responses.find((r) => r.Properties?.ResponseType === 'UNAUTHORIZED');
    expect(JSON.stringify(unauthorized?.Properties?.ResponseTemplates)).toContain(
      'urn:motcua:problem:unauthorized',
    );
    expect(statusOf.get('ACCESS_DENIED')).toBe('403');
    expect(statusOf.get('THROTTLED')).toBe('429');
    expect(statusOf.get('DEFAULT_4XX')).toBe('400');
    expect(statusOf.get('DEFAULT_5XX')).toBe('500');
  });

  test('WAF web ACL (AWS common rules + rate limit) on the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
            }),
          },
        }),
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) } }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });
});

describe('Cognito', () => {
  test('no self sign-up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  test(`resource server ${RESOURCE_SERVER} with the five scopes`, () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: RESOURCE_SERVER,
      Scopes: ALL_SCOPES.map((scope) =>
        Match.objectLike({ ScopeName: scope.slice(RESOURCE_SERVER.length + 1) }),
      ),
    });
    expect(ALL_SCOPES).toHaveLength(5);
  });

  test("a client per profile binding (portal, admin, each center, each agency system) with its profile's scopes", () => {
    const scopeValues = (scopes: readonly string[]) =>
      scopes.map((scope) => ({
        'Fn::Join': ['', [{ Ref: Match.anyValue() }, `/${scope.slice(RESOURCE_SERVER.length + 1)}`]],
      }));
    template.resourceCountIs(
      'AWS::Cognito::UserPoolClient',
      2 + CENTERS.length + AGENCY_SYSTEMS.length + COMMUNE_UNITS.length,
    );
    for (const [name, scopes] of [
      ['portal', [SCOPES.submit, SCOPES.read, SCOPES.process]],
      ['admin', ALL_SCOPES],
      ['center-hong-gai', PROFILE_SCOPES.center],
      ['agency-land-registry', PROFILE_SCOPES.agency],
    ] as const) {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ClientName: name,
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: scopeValues(scopes),
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      });
    }
  });

  test('the deploy seeds the catalog with every client binding, keyed by the Cognito client id', () => {
    const seeds = Object.values(resources(template, 'Custom::MotcuaCatalogSeed'));
    expect(seeds).toHaveLength(1);
    const properties = seeds[0]?.Properties as
      | { clients?: { clientId: unknown; profile: string }[] }
      | undefined;
    const clients = properties?.clients ?? [];
    expect(clients).toHaveLength(2 + CENTERS.length + AGENCY_SYSTEMS.length + COMMUNE_UNITS.length);
    for (const client of clients) expect(client.clientId).toEqual({ Ref: expect.stringMatching(/Client/) });
    expect(clients.filter((c) => c.profile === 'center')).toHaveLength(CENTERS.length);
  });

  test('outputs under stable keys: API URL and token URL', () => {
    expect(Object.keys(template.toJSON().Outputs ?? {})).toContain('ApiUrl');
    expect(Object.keys(template.toJSON().Outputs ?? {}).filter((key) => key.includes('Endpoint'))).toEqual(
      [],
    );
    template.hasOutput('TokenUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/oauth2/token$')])] },
    });
  });
});

describe('monitoring', () => {
  test('an alarm on every dead-letter queue, and on API 5xx, notifying the encrypted topic', () => {
    const redriveTargets = Object.values(resources(template, 'AWS::SQS::Queue')).map((queue) =>
      refId(
        (queue.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)
          ?.deadLetterTargetArn,
      ),
    );
    const onFailureTargets = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping')).map(
      (mapping) =>
        refId(
          (mapping.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
            ?.OnFailure?.Destination,
        ),
    );
    const ruleTargetDlqs = Object.values(resources(template, 'AWS::Events::Rule')).flatMap((rule) =>
      ((rule.Properties?.Targets as { DeadLetterConfig?: { Arn?: unknown } }[] | undefined) ?? []).map(
        (target) => refId(target.DeadLetterConfig?.Arn),
      ),
    );
    const asyncFailureTargets = Object.values(resources(template, 'AWS::Lambda::EventInvokeConfig')).map(
      (config) =>
        refId(
          (config.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
            ?.OnFailure?.Destination,
        ),
    );
    const dlqIds = [
      ...new Set(
        [...redriveTargets, ...onFailureTargets, ...ruleTargetDlqs, ...asyncFailureTargets].filter(
          (id): id is string => id !== undefined,
        ),
      ),
    ];
    const streamConsumers = CONSUMERS.filter((c) => c.kind === 'stream').length;
    // agency and service queues' DLQs, the stream consumers' failures, schedules, upload verifier
    expect(dlqIds).toHaveLength(
      AGENCY_QUEUES.length +
        SERVICE_QUEUES.length +
        streamConsumers +
        SCHEDULES.length +
        UPLOAD_NOTIFICATIONS.length,
    );
    const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm'));
    for (const dlqId of dlqIds) {
      const alarm = alarms.find((a) => JSON.stringify(a.Properties?.Dimensions).includes(`"${dlqId}"`));
      expect(alarm, dlqId).toBeDefined();
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: expect.any(String) }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Threshold: 0 });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn() });
  });
});
