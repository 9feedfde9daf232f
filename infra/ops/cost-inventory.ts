/**
 * What one deployment holds that is billed by the month (web ACL, keys, secrets, alarms, M2M
 * clients, event source mappings, schedules), counted in its synthesized CloudFormation
 * template, so the fixed costs `npm run cost` prints follow the stack as it changes.
 */
import { FUNCTIONS, functionMemoryMiB, SCHEDULES } from '#infra/topology.ts';
import type { FixedInventory, LoggingSetup, PriceTable } from './cost-model.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };
export type Template = { Resources?: Record<string, Resource> };

/** How long a scheduled run is taken to last (the sweep reads an index page and writes a few items). */
const SCHEDULED_RUN_SECONDS = 1;

/** Seconds SQS reuses a data key when the queue does not say (its documented default). */
const DEFAULT_DATA_KEY_REUSE_SECONDS = 300;

export function fixedInventory(template: Template, table: PriceTable): FixedInventory {
  const resources = Object.values(template.Resources ?? {});
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const props = (r: Resource) => r.Properties ?? {};
  const webAcls = ofType('AWS::WAFv2::WebACL');
  const buckets = ofType('AWS::S3::Bucket').filter((bucket) => {
    const encryption = props(bucket).BucketEncryption as
      | {
          ServerSideEncryptionConfiguration?: {
            BucketKeyEnabled?: boolean;
            ServerSideEncryptionByDefault?: { SSEAlgorithm?: string };
          }[];
        }
      | undefined;
    return (encryption?.ServerSideEncryptionConfiguration ?? []).some(
      (rule) =>
        rule.BucketKeyEnabled === true && rule.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms',
    );
  });
  return {
    webAcls: webAcls.length,
    wafRules: webAcls.reduce(
      (sum, acl) => sum + ((props(acl).Rules as unknown[] | undefined)?.length ?? 0),
      0,
    ),
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    m2mAppClients: ofType('AWS::Cognito::UserPoolClient').filter((client) =>
      ((props(client).AllowedOAuthFlows as string[] | undefined) ?? []).includes('client_credentials'),
    ).length,
    // Stream mappings have a starting position; SQS mappings do not.
    sqsMappings: ofType('AWS::Lambda::EventSourceMapping').filter(
      (m) => props(m).StartingPosition === undefined,
    ).length,
    kmsTables: ofType('AWS::DynamoDB::Table').filter(
      (t) => (props(t).SSESpecification as { SSEType?: string } | undefined)?.SSEType === 'KMS',
    ).length,
    kmsQueues: ofType('AWS::SQS::Queue')
      .filter((q) => props(q).KmsMasterKeyId !== undefined)
      .map((q) => ({
        dataKeyReuseSeconds: Number(props(q).KmsDataKeyReusePeriodSeconds ?? DEFAULT_DATA_KEY_REUSE_SECONDS),
      })),
    bucketKeyBuckets: buckets.length,
    schedules: SCHEDULES.map((schedule) => ({
      functionName: `motcua-${FUNCTIONS[schedule.function].id}`,
      perMonth: table.assumptions.secondsPerMonth / 60 / schedule.rateMinutes,
      memoryMiB: functionMemoryMiB(FUNCTIONS[schedule.function]),
      seconds: SCHEDULED_RUN_SECONDS,
    })),
  };
}

/** The stack's own functions (`motcua <id>`), not CDK's custom resource handlers (deploy-time only). */
export const topologyFunctions = (template: Template): Resource[] =>
  Object.values(template.Resources ?? {}).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && /^motcua \S+$/.test(String(r.Properties?.Description ?? '')),
  );

/** System log levels that let Lambda's platform.start and platform.report lines through (INFO is the default). */
const PLATFORM_LINE_LEVELS = new Set(['INFO', 'DEBUG']);

/**
 * How the stack logs: the functions whose system log level keeps Lambda's per-invocation platform
 * lines (named `motcua-<id>` from their description, `motcua <id>`, as the local runtime names
 * them), and what WAF's logging configuration keeps (a filter that drops by default and keeps
 * only BLOCK and COUNT actions: blocked or counted).
 */
export function loggingSetup(template: Template): LoggingSetup {
  const resources = Object.values(template.Resources ?? {});
  const props = (r: Resource) => r.Properties ?? {};
  const platformLineFunctions = topologyFunctions(template)
    .filter((fn) => {
      const config = props(fn).LoggingConfig as { LogFormat?: string; SystemLogLevel?: string } | undefined;
      // Log levels apply to the JSON format only; in text format every platform line is written.
      if (config?.LogFormat !== 'JSON') return true;
      return PLATFORM_LINE_LEVELS.has(config.SystemLogLevel ?? 'INFO');
    })
    .map((fn) => String(props(fn).Description ?? '').replace(/^motcua /, 'motcua-'));
  const wafLogging = resources.filter((r) => r.Type === 'AWS::WAFv2::LoggingConfiguration');
  return { platformLineFunctions, wafLog: wafLogKept(wafLogging.map(props)) };
}

type WafLoggingFilter = {
  DefaultBehavior?: string;
  Filters?: { Behavior?: string; Conditions?: { ActionCondition?: { Action?: string } }[] }[];
};

function wafLogKept(configurations: readonly Record<string, unknown>[]): LoggingSetup['wafLog'] {
  if (configurations.length === 0) return 'none';
  const filtered = configurations.every((config) => {
    const filter = config.LoggingFilter as WafLoggingFilter | undefined;
    if (filter?.DefaultBehavior !== 'DROP') return false;
    const kept = (filter.Filters ?? [])
      .filter((f) => f.Behavior === 'KEEP')
      .flatMap((f) => f.Conditions ?? [])
      .map((c) => c.ActionCondition?.Action);
    // Any other kept condition (ALLOW, a label) may keep ordinary requests: priced as every request.
    return kept.length > 0 && kept.every((action) => action !== undefined && WAF_FLAGGED_ACTIONS.has(action));
  });
  return filtered ? 'blocked or counted' : 'every request';
}

/** Actions WAF takes on the few requests it stops or flags, not on ordinary ones. */
const WAF_FLAGGED_ACTIONS = new Set(['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT', 'CAPTCHA', 'CHALLENGE']);

/** The production stack as `cdk synth` builds it (no bundling: only the template is read). */
export async function synthesizedTemplate(): Promise<Template> {
  const [{ App }, { MotcuaStack, stackIdFor }] = await Promise.all([
    import('aws-cdk-lib'),
    import('#infra/stack.ts'),
  ]);
  const app = new App({ context: { 'motcua:production': true, 'aws:cdk:bundling-stacks': [] } });
  const stack = new MotcuaStack(app, stackIdFor('cost'), { stage: 'cost' });
  return app.synth().getStackArtifact(stack.artifactId).template as Template;
}
