/**
 * The documents bucket and its users: lifecycle of unverified uploads, the verifier's S3
 * notification, S3 grants per prefix exactly as the topology's specs say, CORS from the deploy
 * setting, the malware-scan setting.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { DOCUMENT_PREFIXES, DOCUMENTS_BUCKET, FUNCTIONS, MALWARE_SCAN_ENV } from '#infra/topology.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { byPath, type Resource, refId, resources, statementsOf, topologyFunctions } from './template.ts';

const { template } = defaultStack();

const bucketId = (t: Template) => {
  const found = byPath(t, 'AWS::S3::Bucket').get('Data/Documents');
  expect(found).toBeDefined();
  return found?.id ?? '';
};
const functionsBySpecId = (t: Template): Map<string, Resource> =>
  new Map(
    Object.values(topologyFunctions(t)).map((fn) => [
      String(fn.Properties?.Description).replace(/^motcua /, ''),
      fn,
    ]),
  );

/** `pending/*` → actions, of the S3 statements on the documents bucket's objects in a role's policies. */
function s3Grants(t: Template, fn: Resource | undefined): Record<string, string[]> {
  const roleId = refId(fn?.Properties?.Role);
  const bucket = bucketId(t);
  const grants: Record<string, string[]> = {};
  for (const policy of Object.values(resources(t, 'AWS::IAM::Policy'))) {
    if (!((policy.Properties?.Roles as unknown[]) ?? []).some((role) => refId(role) === roleId)) continue;
    for (const statement of statementsOf(policy.Properties?.PolicyDocument)) {
      const actions = [statement.Action].flat().map(String);
      if (!actions.some((a) => a.startsWith('s3:'))) continue;
      for (const resource of [statement.Resource].flat()) {
        const text = JSON.stringify(resource);
        expect(text, 'S3 grants name the documents bucket').toContain(bucket);
        const prefix = /"\/([a-z]+\/\*)"/.exec(text)?.[1] ?? text;
        grants[prefix] = [...(grants[prefix] ?? []), ...actions].sort();
      }
    }
  }
  return grants;
}

describe('documents bucket hygiene', () => {
  test('uploads never verified expire from pending/ after a day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: DOCUMENT_PREFIXES.pending,
            ExpirationInDays: 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  test('no CORS rule unless upload origins are configured', () => {
    const documents = resources(template, 'AWS::S3::Bucket')[bucketId(template)];
    expect(documents?.Properties?.CorsConfiguration).toBeUndefined();
  });
});

describe('the verifier', () => {
  test('is notified of every object created under pending/, and of nothing else', () => {
    const verifier = Object.entries(topologyFunctions(template)).find(
      ([, fn]) => fn.Properties?.Description === `motcua ${FUNCTIONS.verifyUpload.id}`,
    )?.[0];
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId(template) },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: DOCUMENT_PREFIXES.pending }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [verifier, 'Arn'] },
          },
        ],
      },
    });
    // Events it still fails on after Lambda's two retries go to a dead-letter queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: verifier },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [verifier, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [bucketId(template), 'Arn'] },
    });
  });
});

describe('S3 grants', () => {
  const functions = functionsBySpecId(template);

  test('each function has exactly the S3 actions of its spec, on its prefixes only', () => {
    for (const spec of Object.values(FUNCTIONS)) {
      const expected = Object.fromEntries(
        (('documents' in spec ? spec.documents : undefined) ?? []).map(({ prefix, actions }) => [
          `${DOCUMENT_PREFIXES[prefix]}*`,
          [...actions].sort(),
        ]),
      );
      expect(s3Grants(template, functions.get(spec.id)), spec.id).toEqual(expected);
    }
  });

  test('the upload signer may only put pending/ objects; the download signer only read verified/ ones', () => {
    expect(s3Grants(template, functions.get(FUNCTIONS.createAttachment.id))).toEqual({
      'pending/*': ['s3:PutObject'],
    });
    expect(s3Grants(template, functions.get(FUNCTIONS.downloadAttachment.id))).toEqual({
      'verified/*': ['s3:GetObject'],
    });
  });

  test(`${DOCUMENTS_BUCKET.envVar} only where the spec names documents`, () => {
    for (const spec of Object.values(FUNCTIONS)) {
      const env = (functions.get(spec.id)?.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      if ('documents' in spec)
        expect(env?.[DOCUMENTS_BUCKET.envVar], spec.id).toEqual({ Ref: bucketId(template) });
      else expect(env?.[DOCUMENTS_BUCKET.envVar], spec.id).toBeUndefined();
    }
  });
});

describe('deploy settings', () => {
  test('motcua:uploadOrigins allows browser POSTs from those origins', () => {
    const { template: withOrigins } = synthVariant({
      'motcua:uploadOrigins': '["https://dichvucong.gov.vn","https://dvc.quangninh.gov.vn"]',
    });
    withOrigins.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['POST'],
            AllowedOrigins: ['https://dichvucong.gov.vn', 'https://dvc.quangninh.gov.vn'],
          }),
        ],
      },
    });
  });

  test('a bad upload origin fails synthesis, naming it', () => {
    expect(() => synthVariant({ 'motcua:uploadOrigins': 'http://portal.example' })).toThrow(
      /motcua:uploadOrigins: "http:\/\/portal.example" is not an https:\/\/ origin/,
    );
    expect(() => synthVariant({ 'motcua:uploadOrigins': 'https://portal.example/upload' })).toThrow(
      /motcua:uploadOrigins: "https:\/\/portal.example\/upload" must be an origin only/,
    );
  });

  test('motcua:malwareScan=GUARDDUTY makes the verifier wait for the scan tag and hear tagging events', () => {
    const { template: scanned } = synthVariant({ 'motcua:malwareScan': 'GUARDDUTY' });
    const verifier = functionsBySpecId(scanned).get(FUNCTIONS.verifyUpload.id);
    const variables = (
      verifier?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
    )?.Variables;
    expect(variables?.[MALWARE_SCAN_ENV]).toBe('GUARDDUTY');
    scanned.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Match.arrayWith([
          Match.objectLike({ Events: ['s3:ObjectTagging:Put'] }),
        ]),
      },
    });
    expect(() => synthVariant({ 'motcua:malwareScan': 'yes' })).toThrow(/motcua:malwareScan/);
  });
});
