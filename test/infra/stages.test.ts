/**
 * Stages side by side: two stages synthesized in one app share no physical
 * name that must be unique (the Cognito domain prefix above all: unique per region across every
 * account); production retains its data and is protected, another stage can be deleted whole;
 * a domain prefix Cognito would refuse fails synthesis instead of the deploy.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { COGNITO_DOMAIN_PREFIX_BASE } from '#infra/constructs/settings.ts';
import { MotcuaStack, stackIdFor } from '#infra/stack.ts';
import { nagReport } from './nag-report.ts';
import { type Resource, resources } from './template.ts';
import { TEST_APP_PROPS, TEST_CONTEXT } from './test-app.ts';

/** Two stages in one app, each with its derived defaults (no motcua:* context). */
const app = new App({ ...TEST_APP_PROPS, context: { ...TEST_CONTEXT } });
const stacks = (['dev', 'prod'] as const).map((stage) => new MotcuaStack(app, stackIdFor(stage), { stage }));
const assembly = app.synth();
const synthesized = (stage: string) => {
  const stack = stacks.find((candidate) => candidate.stackName === stackIdFor(stage));
  if (!stack) throw new Error(`no stack for ${stage}`);
  const artifact = assembly.getStackArtifact(stack.artifactId);
  return { stack, artifact, template: Template.fromJSON(artifact.template as Record<string, unknown>) };
};
const dev = synthesized('dev');
const prod = synthesized('prod');

/**
 * Names that live inside their parent (a client inside its pool, an authorizer inside its API)
 * or are not names of a resource at all: two stages may repeat them.
 */
const SCOPED = new Set([
  'AWS::Cognito::UserPoolClient.ClientName',
  'AWS::Cognito::UserPoolResourceServer.Name',
  'AWS::Cognito::UserPoolResourceServer.Identifier',
  'AWS::ApiGateway::Authorizer.Name',
  'AWS::ApiGateway::RequestValidator.Name',
  'AWS::ApiGateway::Stage.StageName',
  'AWS::ApiGateway::Deployment.StageName',
  'AWS::ApiGateway::Model.Name',
  // An inline policy's name is unique within its role only.
  'AWS::IAM::Policy.PolicyName',
]);
const NOT_NAMES = new Set(['MetricName', 'DisplayName']);

/** A name as the template spells it: a string, or a join of strings and pseudo parameters. */
function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!join) return undefined; // a Ref or GetAtt of a resource: not a name of its own
  const parts = join[1].map((part) => {
    if (typeof part === 'string') return part;
    const ref = (part as { Ref?: unknown }).Ref;
    return typeof ref === 'string' && ref.startsWith('AWS::') ? `\${${ref}}` : undefined;
  });
  return parts.every((part) => part !== undefined) ? parts.join(join[0]) : undefined;
}

/** Every explicit physical name of a template: `Type.Property` → the names given. */
function physicalNames(template: Template): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const resource of Object.values(template.toJSON().Resources as Record<string, Resource>)) {
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      const id = `${resource.Type}.${key}`;
      if (!/(Name|^Domain)$/.test(key) || NOT_NAMES.has(key) || SCOPED.has(id)) continue;
      const name = literal(value);
      if (name !== undefined) names.set(id, [...(names.get(id) ?? []), name]);
    }
  }
  return names;
}

describe('two stages in one app', () => {
  test('share no explicit physical name (domain prefix, API, buckets, log groups, alarms, ...)', () => {
    const devNames = physicalNames(dev.template);
    const prodNames = physicalNames(prod.template);
    // The check sees the names that matter: the Cognito domain above all.
    expect(devNames.get('AWS::Cognito::UserPoolDomain.Domain')).toEqual([
      `${COGNITO_DOMAIN_PREFIX_BASE}-dev`,
    ]);
    expect(prodNames.get('AWS::Cognito::UserPoolDomain.Domain')).toEqual([
      `${COGNITO_DOMAIN_PREFIX_BASE}-prod`,
    ]);
    const shared = [...devNames].flatMap(([id, names]) =>
      names.filter((name) => prodNames.get(id)?.includes(name)).map((name) => `${id} = ${name}`),
    );
    expect(shared).toEqual([]);
  });

  test('prod: termination protection, data retained, deletion protection on tables and the user pool', () => {
    expect(prod.artifact.terminationProtection).toBe(true);
    const tables = Object.values(resources(prod.template, 'AWS::DynamoDB::Table'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
    }
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Cognito::UserPool']) {
      for (const resource of Object.values(resources(prod.template, type))) {
        expect(resource.DeletionPolicy, type).toBe('Retain');
      }
    }
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    // Buckets are never emptied by the stack in production.
    expect(Object.keys(resources(prod.template, 'Custom::S3AutoDeleteObjects'))).toEqual([]);
  });

  test('dev: no termination protection; tables, buckets, key, user pool and log groups go with the stack', () => {
    expect(dev.artifact.terminationProtection).toBeFalsy();
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::KMS::Key',
      'AWS::Cognito::UserPool',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
      'AWS::SecretsManager::Secret',
      'AWS::SNS::Topic',
    ]) {
      const all = Object.values(resources(dev.template, type));
      expect(all.length, type).toBeGreaterThan(0);
      for (const resource of all) expect(resource.DeletionPolicy, type).toBe('Delete');
    }
    for (const table of Object.values(resources(dev.template, 'AWS::DynamoDB::Table'))) {
      expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    }
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
    // A bucket with objects in it cannot be deleted: outside production the stack empties it.
    expect(Object.keys(resources(dev.template, 'Custom::S3AutoDeleteObjects'))).toHaveLength(2);
  });
});

describe('a stage that is not production', () => {
  test('passes cdk-nag AwsSolutions too (with its bucket-emptying custom resource)', () => {
    const open = nagReport(dev.stack).open;
    expect(open.map((f) => `${f.rule} (${f.severity}) at ${f.path}: ${f.description}`)).toEqual([]);
  });
});
