/**
 * What one deployment holds that is billed by the month (web ACL, keys, secrets, alarms, M2M
 * clients, event source mappings, schedules), counted in its synthesized CloudFormation
 * template, so the fixed costs `npm run cost` prints follow the stack as it changes.
 */
import { FUNCTIONS, functionMemoryMiB, SCHEDULES } from '#infra/topology.ts';
import type { FixedInventory, PriceTable } from './cost-model.ts';

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
