/**
 * The price arithmetic of `npm run cost` (infra/ops/cost-model.ts): a small usage times a small
 * price table gives the expected dollars, per 1,000 dossiers and per month.
 */
import { describe, expect, it } from 'vitest';
import type { UsageLine } from '#infra/local/usage-meter.ts';
import { fixedInventory, loggingSetup } from '#infra/ops/cost-inventory.ts';
import {
  type FixedInventory,
  fixedMonthlyCosts,
  type LoggingSetup,
  loadPriceTable,
  type PriceTable,
  perThousand,
  reservoirTraces,
  sampledTraces,
  smsParts,
  sumUsd,
  variableCostsPer1000,
} from '#infra/ops/cost-model.ts';

const price = (usd: number, per: number, unit: string) => ({ usd, per, unit, source: 'test' });

/** Round numbers, so the expected dollars are easy to check by hand. */
const TABLE: PriceTable = {
  region: 'test',
  regionName: 'test',
  date: '2026-01-01',
  currency: 'USD',
  notes: [],
  sources: { test: 'https://example.invalid/pricing' },
  prices: {
    'dynamodb.writeRequestUnit': price(1, 1_000_000, 'WRU'),
    'dynamodb.readRequestUnit': price(0.2, 1_000_000, 'RRU'),
    'dynamodb.streamsGetRecordsFromLambda': price(0, 1, 'requests'),
    'sqs.request': price(0.4, 1_000_000, 'requests'),
    's3.putRequest': price(0.005, 1_000, 'requests'),
    's3.getRequest': price(0.0004, 1_000, 'requests'),
    'lambda.request': price(0.2, 1_000_000, 'invocations'),
    'lambda.durationArm64': price(0.00001, 1, 'GB-s'),
    'apigateway.restRequest': price(4, 1_000_000, 'requests'),
    'waf.request': price(0.6, 1_000_000, 'requests'),
    'logs.ingestion': price(1, 1, 'GB'),
    'logs.vendedIngestion': price(0.5, 1, 'GB'),
    'xray.traceRecorded': price(5, 1_000_000, 'traces'),
    'waf.webAcl': price(5, 1, 'web-ACL-months'),
    'waf.rule': price(1, 1, 'rule-months'),
    'kms.key': price(1, 1, 'key-months'),
    'kms.request': price(0.03, 10_000, 'requests'),
    'secretsmanager.secret': price(0.4, 1, 'secret-months'),
    'secretsmanager.apiCall': price(0.05, 10_000, 'requests'),
    'cloudwatch.alarm': price(0.1, 1, 'alarm-months'),
    'cloudwatch.dashboard': price(3, 1, 'dashboard-months'),
    'cognito.m2mAppClient': price(6, 1, 'client-months'),
    'cognito.m2mTokenRequest': price(0.002, 1, 'token requests'),
    'ses.email': price(0.1, 1_000, 'emails'),
    'sms.messagePart': price(0.05, 1, 'SMS parts'),
  },
  assumptions: {
    platformLogBytesPerInvocation: 0,
    apiAccessLogBytesPerRequest: 0,
    wafLogBytesPerRecord: 0,
    wafLoggedRequestShare: 0,
    kmsKeyRefreshSeconds: 300,
    secretCacheSeconds: 300,
    sqsIdlePollersPerMapping: 5,
    sqsLongPollSeconds: 20,
    m2mTokenLifetimeMinutes: 60,
    xraySampling: { reservoirPerSecond: 1, rate: 0.05 },
    secondsPerMonth: 1_000,
  },
};

/** No platform lines, no WAF log: what the first tests price leaves the logs out. */
const QUIET: LoggingSetup = { platformLineFunctions: [], wafLog: 'none' };

const usage = (service: string, operation: string, unit: string, amount: number): UsageLine => ({
  service,
  operation,
  unit,
  amount,
});

describe('the cost model', () => {
  it('prices one dossier’s usage per 1,000 dossiers', () => {
    const perDossier = [
      usage('DynamoDB', 'PutItem', 'WRU', 10),
      usage('DynamoDB', 'PutItem', 'requests', 4), // not billed on demand
      usage('DynamoDB', 'GetItem', 'RRU', 5),
      usage('DynamoDB Streams', 'GetRecords (Lambda trigger, free)', 'requests', 2),
      usage('SQS', 'SendMessage', 'requests', 5),
      usage('S3', 'PutObject (presigned POST upload)', 'requests', 2),
      usage('S3', 'GetObject', 'requests', 10),
      usage('Lambda', 'motcua-submit', 'invocations', 2),
      usage('Lambda', 'motcua-submit', 'GB-s', 0.5),
      usage('API Gateway', 'REST request', 'requests', 1),
      usage('CloudWatch Logs', 'handler log lines', 'bytes', 1024 ** 3 / 1000),
    ];
    // 2 invocations a dossier: 5 % of 2,000 traces per 1,000 dossiers past the reservoir (a fixed cost).
    const lines = variableCostsPer1000(perDossier, TABLE, 100, QUIET);
    const usd = (priceKey: string) => lines.filter((l) => l.priceKey === priceKey).map((l) => l.usd);

    expect(usd('dynamodb.writeRequestUnit')).toEqual([0.01]); // 10,000 WRU at $1/M
    expect(usd('dynamodb.readRequestUnit')).toEqual([0.001]); // 5,000 RRU at $0.2/M
    expect(usd('dynamodb.streamsGetRecordsFromLambda')).toEqual([0]);
    expect(usd('sqs.request')[0]).toBeCloseTo(0.002, 12); // 5,000 at $0.4/M
    expect(usd('s3.putRequest')).toEqual([0.01]); // 2,000 at $0.005/1,000
    expect(usd('s3.getRequest')[0]).toBeCloseTo(0.004, 12); // 10,000 at $0.0004/1,000
    expect(usd('lambda.request')[0]).toBeCloseTo(0.0004, 12); // 2,000 at $0.2/M
    expect(usd('lambda.durationArm64')[0]).toBeCloseTo(0.005, 12); // 500 GB-s at $0.00001
    expect(usd('apigateway.restRequest')[0]).toBeCloseTo(0.004, 12); // 1,000 at $4/M
    expect(usd('waf.request')[0]).toBeCloseTo(0.0006, 12); // every API request is inspected
    expect(usd('logs.ingestion')[0]).toBeCloseTo(1, 12); // 1 GiB at $1
    expect(usd('xray.traceRecorded')[0]).toBeCloseTo(0.0005, 12); // 100 traces at $5/M
    expect(lines.some((l) => l.item === 'PutItem' && l.unit === 'requests')).toBe(false);
    expect(sumUsd(lines)).toBeCloseTo(
      0.01 + 0.001 + 0.002 + 0.01 + 0.004 + 0.0004 + 0.005 + 0.004 + 0.0006 + 1 + 0.0005,
      12,
    );
  });

  it('adds the log lines the stack’s logging setup writes: platform lines where let through, WAF’s as filtered', () => {
    const table: PriceTable = {
      ...TABLE,
      assumptions: {
        ...TABLE.assumptions,
        platformLogBytesPerInvocation: 1024 ** 3 / 1000, // 1 GiB per 1,000 invocations
        wafLogBytesPerRecord: 1024 ** 3 / 1000,
        wafLoggedRequestShare: 0.01,
      },
    };
    const perDossier = [
      usage('Lambda', 'motcua-submit-dossier', 'invocations', 1),
      usage('Lambda', 'motcua-sync-to-portal', 'invocations', 3),
      usage('API Gateway', 'REST request', 'requests', 2),
    ];
    const logs = (logging: LoggingSetup) =>
      Object.fromEntries(
        variableCostsPer1000(perDossier, table, 100, logging)
          .filter((l) => l.service === 'CloudWatch Logs')
          .map((l) => [l.item, l.usd]),
      );
    // Platform lines of the sync function only (3 invocations: 3 GiB per 1,000 dossiers at $1); no WAF log.
    expect(logs({ platformLineFunctions: ['motcua-sync-to-portal'], wafLog: 'none' })).toEqual({
      'Lambda platform lines (modelled)': expect.closeTo(3, 12),
    });
    // WAF's log of every request: 2 records per dossier, 2 GiB per 1,000 at $0.5 (vended).
    expect(logs({ platformLineFunctions: [], wafLog: 'every request' })).toEqual({
      'WAF log of every request, vended (modelled)': expect.closeTo(2 * 0.5, 12),
    });
    // Filtered: 1 % of them.
    expect(logs({ platformLineFunctions: [], wafLog: 'blocked or counted' })).toEqual({
      'WAF log of blocked or counted, vended (modelled)': expect.closeTo(0.01 * 2 * 0.5, 12),
    });
  });

  it('prices messages to applicants per message, apart from the platform’s variable cost', () => {
    const perDossier = [
      usage('API Gateway', 'REST request', 'requests', 1),
      usage('SES', 'SendEmail (notifications)', 'emails', 2.5),
      usage('End User Messaging', 'SendTextMessage (notifications)', 'SMS parts', 0.2),
    ];
    const lines = variableCostsPer1000(perDossier, TABLE, 100, QUIET);
    expect(lines.find((l) => l.priceKey === 'ses.email')?.usd).toBeCloseTo(0.25, 12); // 2,500 at $0.1/1,000
    expect(lines.find((l) => l.priceKey === 'sms.messagePart')?.usd).toBeCloseTo(10, 12); // 200 at $0.05
    const fixed = [{ service: 's', item: 'i', quantity: 1, unit: 'u', priceKey: 'k', usd: 1 }];
    const result = perThousand(lines, fixed, 1_000);
    expect(result.platform).toBeCloseTo(0.004 + 0.0006, 12); // the request and its WAF inspection
    expect(result.messages).toBeCloseTo(10.25, 12);
    expect(result.fixedShare).toBe(1);
    expect(result.allIn).toBeCloseTo(0.0046 + 10.25 + 1, 12);
  });

  it('counts an SMS in billed parts: 160/153 characters in GSM 7-bit, 70/67 with Vietnamese diacritics', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('ồ'.repeat(70))).toBe(1);
    expect(smsParts('ồ'.repeat(71))).toBe(2);
    expect(smsParts('ồ'.repeat(135))).toBe(3);
    // A status message as rendered: code, status, lookup link.
    expect(
      smsParts(
        'Hồ sơ 000.21.01.H49-261126-0001: Đã tiếp nhận. Tra cứu: https://dvc.example.vn/tra-cuu?ma=000.21.01.H49-261126-0001',
      ),
    ).toBe(2);
  });

  it('records X-Ray traces past the reservoir at the sampling rate', () => {
    expect(sampledTraces(500, TABLE)).toBe(500);
    expect(sampledTraces(21_000, TABLE)).toBe(1_000 + 0.05 * 20_000);
  });

  it('splits X-Ray into the reservoir (fixed) and the sampling rate (variable), adding up above it', () => {
    // 1,000 s a month: the reservoir keeps 1,000 traces, 950 of them beyond the rate's share.
    expect(reservoirTraces(TABLE)).toBeCloseTo(950, 9);
    const monthly = 21_000;
    expect(reservoirTraces(TABLE) + 0.05 * monthly).toBeCloseTo(sampledTraces(monthly, TABLE), 9);
  });

  it('prices the fixed month of one deployment', () => {
    const inventory: FixedInventory = {
      webAcls: 1,
      wafRules: 3,
      kmsKeys: 1,
      secrets: 2,
      alarms: 10,
      dashboards: 1,
      m2mAppClients: 2,
      sqsMappings: 1,
      kmsTables: 1,
      kmsQueues: [{ dataKeyReuseSeconds: 100 }],
      bucketKeyBuckets: 0,
      schedules: [{ functionName: 'sweep', perMonth: 1_000, memoryMiB: 512, seconds: 2 }],
    };
    const lines = fixedMonthlyCosts(inventory, TABLE);
    const usd = (item: string) => lines.find((l) => l.item.startsWith(item))?.usd;
    expect(usd('web ACL')).toBe(5);
    expect(usd('rules')).toBe(3);
    expect(usd('customer managed keys')).toBe(1);
    // 1,000 s a month: a table key refreshed every 300 s, a queue's data key every 100 s by 2 principals.
    expect(usd('requests: DynamoDB')).toBeCloseTo((1_000 / 300) * 0.000003, 12);
    expect(usd('requests: SQS')).toBeCloseTo(20 * 0.000003, 12);
    expect(usd('secrets')).toBeCloseTo(0.8, 12);
    expect(usd('alarms')).toBeCloseTo(1, 12);
    expect(usd('dashboards')).toBe(3);
    expect(usd("default rule's reservoir")).toBeCloseTo(950 * 0.000005, 12);
    expect(usd('M2M app clients')).toBe(12);
    // 1,000 s = 16.7 min: 0.28 tokens per client at one an hour.
    expect(usd('M2M token requests')).toBeCloseTo(2 * (1_000 / 60 / 60) * 0.002, 12);
    // 5 pollers × 50 receives of 20 s.
    expect(usd('idle long polling')).toBeCloseTo(250 * 0.0000004, 12);
    expect(usd('sweep (schedule)')).toBeCloseTo(1_000 * 0.0000002, 12);
    expect(usd('sweep (schedule, 2 s a run)')).toBeCloseTo(1_000 * 2 * 0.5 * 0.00001, 12);
    expect(lines.some((l) => l.item.startsWith('requests: S3'))).toBe(false); // no such bucket
  });

  it('spreads the fixed month over the volume per 1,000 dossiers', () => {
    const variable = [{ service: 's', item: 'i', quantity: 1, unit: 'u', priceKey: 'k', usd: 0.05 }];
    const fixed = [{ service: 's', item: 'i', quantity: 1, unit: 'u', priceKey: 'k', usd: 100 }];
    expect(perThousand(variable, fixed, 10_000)).toEqual({
      platform: 0.05,
      messages: 0,
      fixedShare: 10,
      allIn: 10.05,
    });
  });

  it('reads the repository’s price table: dated, with a source page for every price', () => {
    const table = loadPriceTable();
    expect(table.region).toBe('ap-southeast-1');
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, entry] of Object.entries(table.prices)) {
      expect(table.sources[entry.source], key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(entry.per, key).toBeGreaterThan(0);
    }
  });
});

describe('the fixed inventory of a template', () => {
  it('counts what is billed by the month', () => {
    const template = {
      Resources: {
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}, {}] } },
        Key: { Type: 'AWS::KMS::Key' },
        S1: { Type: 'AWS::SecretsManager::Secret' },
        A1: { Type: 'AWS::CloudWatch::Alarm' },
        A2: { Type: 'AWS::CloudWatch::Alarm' },
        Board: { Type: 'AWS::CloudWatch::Dashboard' },
        M2m: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: { AllowedOAuthFlows: ['client_credentials'] },
        },
        Web: { Type: 'AWS::Cognito::UserPoolClient', Properties: { AllowedOAuthFlows: ['code'] } },
        FromQueue: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { BatchSize: 10 } },
        FromStream: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { StartingPosition: 'LATEST' } },
        Dossiers: { Type: 'AWS::DynamoDB::Table', Properties: { SSESpecification: { SSEType: 'KMS' } } },
        Plain: { Type: 'AWS::DynamoDB::Table', Properties: {} },
        Q1: {
          Type: 'AWS::SQS::Queue',
          Properties: { KmsMasterKeyId: 'k', KmsDataKeyReusePeriodSeconds: 600 },
        },
        Q2: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'k' } },
        Q3: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } },
        Docs: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [
                { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
              ],
            },
          },
        },
        Logs: { Type: 'AWS::S3::Bucket', Properties: {} },
      },
    };
    const inventory = fixedInventory(template, TABLE);
    expect(inventory).toMatchObject({
      webAcls: 1,
      wafRules: 3,
      kmsKeys: 1,
      secrets: 1,
      alarms: 2,
      dashboards: 1,
      m2mAppClients: 1,
      sqsMappings: 1,
      kmsTables: 1,
      kmsQueues: [{ dataKeyReuseSeconds: 600 }, { dataKeyReuseSeconds: 300 }],
      bucketKeyBuckets: 1,
    });
    // The overdue sweep every 15 minutes: 1,000 s / 900 s in the test table's month.
    expect(inventory.schedules[0]?.perMonth).toBeCloseTo(1_000 / 900, 12);
  });
});

describe('the logging setup of a template', () => {
  const fn = (id: string, loggingConfig: Record<string, unknown>) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Description: `motcua ${id}`, LoggingConfig: loggingConfig },
  });
  const wafLogging = (loggingFilter?: Record<string, unknown>) => ({
    Type: 'AWS::WAFv2::LoggingConfiguration',
    Properties: { ResourceArn: 'acl', ...(loggingFilter ? { LoggingFilter: loggingFilter } : {}) },
  });
  const keep = (...actions: string[]) => ({
    DefaultBehavior: 'DROP',
    Filters: [
      {
        Behavior: 'KEEP',
        Requirement: 'MEETS_ANY',
        Conditions: actions.map((Action) => ({ ActionCondition: { Action } })),
      },
    ],
  });

  it('names the functions that still write platform lines: INFO or DEBUG system level, or text format', () => {
    const setup = loggingSetup({
      Resources: {
        Quiet: fn('submit-dossier', { LogFormat: 'JSON', SystemLogLevel: 'WARN' }),
        Default: fn('sync-to-portal', { LogFormat: 'JSON' }),
        Debug: fn('get-receipt', { LogFormat: 'JSON', SystemLogLevel: 'DEBUG' }),
        Text: fn('lookup-page', { LogFormat: 'Text', SystemLogLevel: 'WARN' }),
        // CDK's deploy-time custom resource handler: not one of the stack's functions.
        Provider: { Type: 'AWS::Lambda::Function', Properties: { Description: 'AWS CDK resource provider' } },
      },
    });
    expect([...setup.platformLineFunctions].sort()).toEqual([
      'motcua-get-receipt',
      'motcua-lookup-page',
      'motcua-sync-to-portal',
    ]);
  });

  it('reads what WAF logs: nothing, every request, or (filtered) what it blocked or counted', () => {
    expect(loggingSetup({ Resources: {} }).wafLog).toBe('none');
    expect(loggingSetup({ Resources: { L: wafLogging() } }).wafLog).toBe('every request');
    expect(loggingSetup({ Resources: { L: wafLogging(keep('BLOCK', 'COUNT')) } }).wafLog).toBe(
      'blocked or counted',
    );
    // A filter that keeps allowed requests, or keeps by default, logs ordinary traffic.
    expect(loggingSetup({ Resources: { L: wafLogging(keep('BLOCK', 'ALLOW')) } }).wafLog).toBe(
      'every request',
    );
    expect(
      loggingSetup({ Resources: { L: wafLogging({ ...keep('BLOCK'), DefaultBehavior: 'KEEP' }) } }).wafLog,
    ).toBe('every request');
  });
});
