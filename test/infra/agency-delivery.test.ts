import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { WEBHOOK_SECRET_LENGTH } from '#infra/constructs/agency-delivery.ts';
import { pascalCase } from '#infra/constructs/lambda-function.ts';
import { AGENCY_WEBHOOKS_CONTEXT, OFFICE_HOURS_CONTEXT } from '#infra/constructs/settings.ts';
import {
  AGENCY_WEBHOOKS_ENV,
  DEFAULT_RETRY_BASE_SECONDS,
  FUNCTIONS,
  type FunctionSpec,
  OFFICE_HOURS_ENV,
  RETRY_BASE_SECONDS_ENV,
  SERVICE_QUEUES,
  WEBHOOK_SECRET_ARN_ENV,
  WEBHOOK_SECRET_ENV,
} from '#infra/topology.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { type Resource, refId, resources, statementsOf, topologyFunctions } from './template.ts';

const WEBHOOKS = { police: 'https://police.example/motcua' };
const OFFICE_HOURS = '07:30-11:30,13:00-17:00';

let template: Template;

// Most of this file needs the webhooks and office hours set: a variant of the stack of its own.
beforeAll(() => {
  ({ template } = synthVariant({
    [AGENCY_WEBHOOKS_CONTEXT]: WEBHOOKS,
    [OFFICE_HOURS_CONTEXT]: OFFICE_HOURS,
  }));
});

const variablesOf = (fn: Resource | undefined): Record<string, unknown> =>
  (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

const functionsBySpecId = (t: Template): Map<string, [string, Resource]> =>
  new Map(
    Object.entries(topologyFunctions(t)).map(([id, fn]) => [
      String(fn.Properties?.Description).replace(/^motcua /, ''),
      [id, fn],
    ]),
  );

/** The webhook secret: the one behind the WebhookSecretArn output (the cursor key is another). */
const secretId = (): string => {
  const output = Object.entries(template.toJSON().Outputs ?? {}).find(([key]) =>
    key.startsWith('WebhookSecretArn'),
  );
  const id = refId((output?.[1] as { Value?: unknown } | undefined)?.Value) ?? '';
  expect(Object.keys(resources(template, 'AWS::SecretsManager::Secret'))).toContain(id);
  return id;
};

const signers = Object.values(FUNCTIONS).filter(
  (spec) => 'usesWebhookSecret' in spec && spec.usesWebhookSecret,
);
const consumers = Object.values(FUNCTIONS).filter(
  (spec) =>
    ('agencyQueues' in spec && spec.agencyQueues === 'consume') ||
    (spec as FunctionSpec).serviceQueues?.['portal-sync'] === 'consume',
);
/** The portal sync sender reads its own secret (test/infra/portal-sync.test.ts). */
const portalSyncRoles = (t: Template) =>
  Object.values(FUNCTIONS)
    .filter((spec) => (spec as FunctionSpec).serviceQueues?.['portal-sync'] === 'consume')
    .map((spec) => refId(functionsBySpecId(t).get(spec.id)?.[1]?.Properties?.Role));

describe('webhook secret', () => {
  test('generated (48 letters and digits), encrypted with the stack key, retained; its ARN is an output', () => {
    const keyId = Object.keys(resources(template, 'AWS::KMS::Key'))[0];
    const secret = resources(template, 'AWS::SecretsManager::Secret')[secretId()];
    expect(secret?.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: WEBHOOK_SECRET_LENGTH, ExcludePunctuation: true },
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(secret?.Properties?.GenerateSecretString).not.toHaveProperty('SecretStringTemplate');
    expect(secret?.DeletionPolicy).toBe('Retain');
    expect(secret?.UpdateReplacePolicy).toBe('Retain');
    template.hasOutput('WebhookSecretArn', { Value: { Ref: secretId() } });
  });

  test('no rotation schedule (rotated by operators together with the agencies)', () => {
    expect(Object.keys(resources(template, 'AWS::SecretsManager::RotationSchedule'))).toEqual([]);
  });

  test.each(signers.map((spec) => [spec.id]))(
    '%s gets the secret ARN and the webhook endpoints',
    (specId) => {
      const [, fn] = functionsBySpecId(template).get(specId) ?? [];
      const variables = variablesOf(fn);
      expect(variables[WEBHOOK_SECRET_ARN_ENV]).toEqual({ Ref: secretId() });
      expect(JSON.parse(String(variables[AGENCY_WEBHOOKS_ENV]))).toEqual(WEBHOOKS);
      // The secret value itself never goes into the environment.
      expect(variables[WEBHOOK_SECRET_ENV]).toBeUndefined();
    },
  );

  test('only the signing functions read it: no other role may, and nothing may write it', () => {
    expect(signers.map((spec) => spec.id)).toEqual(['deliver-to-agency']);
    const signerRoles = signers.map((spec) => {
      const [, fn] = functionsBySpecId(template).get(spec.id) ?? [];
      return refId(fn?.Properties?.Role);
    });
    const readers: string[] = [];
    for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
      for (const statement of statementsOf(policy.Properties?.PolicyDocument)) {
        if (!JSON.stringify(statement.Action).includes('secretsmanager:')) continue;
        if (!JSON.stringify(statement.Resource).includes(secretId())) continue;
        expect(statement.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
        expect(statement.Resource).toEqual({ Ref: secretId() });
        readers.push(...((policy.Properties?.Roles as unknown[]) ?? []).map((role) => refId(role) ?? '?'));
      }
    }
    expect(readers.sort()).toEqual([...signerRoles].sort());
    // Decrypting with the stack key through Secrets Manager: granted to the same roles (and to the
    // readers of the cursor key, see cursor-key.test.ts) only.
    const key = Object.values(resources(template, 'AWS::KMS::Key'))[0];
    const keyStatements = statementsOf(key?.Properties?.KeyPolicy);
    const roleGrants = keyStatements
      .filter((s) => JSON.stringify(s.Condition ?? {}).includes('secretsmanager.'))
      // One statement may name several roles since the cursor key's readers decrypt this way too.
      .flatMap((s) => [(s.Principal as { AWS?: unknown }).AWS].flat())
      .map(refId)
      .filter((id) => id !== undefined);
    const cursorKeyRoles = Object.values(FUNCTIONS)
      .filter((spec) => 'usesCursorKey' in spec && spec.usesCursorKey)
      .map((spec) => refId(functionsBySpecId(template).get(spec.id)?.[1]?.Properties?.Role));
    // ... and to the readers of the payment gateway secret (citizen-services.test.ts).
    const paymentSecretRoles = Object.values(FUNCTIONS)
      .filter((spec) => 'usesPaymentSecret' in spec && spec.usesPaymentSecret)
      .map((spec) => refId(functionsBySpecId(template).get(spec.id)?.[1]?.Properties?.Role));
    expect(roleGrants.sort()).toEqual(
      [...signerRoles, ...cursorKeyRoles, ...portalSyncRoles(template), ...paymentSecretRoles].sort(),
    );
  });
});

describe('retries of agency deliveries', () => {
  test.each(consumers.map((spec) => [spec.id]))(
    `%s: ${RETRY_BASE_SECONDS_ENV}=${DEFAULT_RETRY_BASE_SECONDS}, and may change its messages' visibility`,
    (specId) => {
      const [, fn] = functionsBySpecId(template).get(specId) ?? [];
      expect(variablesOf(fn)[RETRY_BASE_SECONDS_ENV]).toBe(String(DEFAULT_RETRY_BASE_SECONDS));
      const role = refId(fn?.Properties?.Role);
      const policies = Object.values(resources(template, 'AWS::IAM::Policy')).filter((p) =>
        ((p.Properties?.Roles as unknown[]) ?? []).some((r) => refId(r) === role),
      );
      // The queues it consumes: the agency queues, or the portal sync queue.
      const consumed = (id: string) =>
        specId === 'sync-to-portal'
          ? id.startsWith('FanOutPortalSync')
          : !SERVICE_QUEUES.some((spec) => id.startsWith(`FanOut${pascalCase(spec.id)}`));
      const agencyQueueIds = Object.entries(resources(template, 'AWS::SQS::Queue'))
        .filter(([id, queue]) => queue.Properties?.RedrivePolicy !== undefined && consumed(id))
        .map(([id]) => id);
      const statements = policies.flatMap((p) => statementsOf(p.Properties?.PolicyDocument));
      const change = statements.find((s) => JSON.stringify(s.Action).includes('sqs:ChangeMessageVisibility'));
      expect(change).toBeDefined();
      const queues = (Array.isArray(change?.Resource) ? change.Resource : [change?.Resource]).map(refId);
      expect(queues.sort()).toEqual([...agencyQueueIds].sort());
    },
  );

  test('no other function gets the retry base', () => {
    const functions = functionsBySpecId(template);
    expect(functions.size).toBe(Object.keys(FUNCTIONS).length);
    expect(consumers.length).toBeGreaterThan(0);
    for (const [specId, [, fn]] of functions) {
      if (consumers.some((spec) => spec.id === specId)) continue;
      expect(variablesOf(fn)[RETRY_BASE_SECONDS_ENV], specId).toBeUndefined();
    }
  });
});

describe('office hours', () => {
  const readsCatalog = (specId: string) =>
    Object.values(FUNCTIONS).some(
      (spec) => spec.id === specId && spec.tables.some((t) => t.table === 'catalog'),
    );

  test(`${OFFICE_HOURS_CONTEXT} reaches every function bound to the catalog, and no other`, () => {
    const functions = functionsBySpecId(template);
    expect(functions.size).toBe(Object.keys(FUNCTIONS).length);
    for (const [specId, [, fn]] of functions) {
      expect(variablesOf(fn)[OFFICE_HOURS_ENV], specId).toBe(readsCatalog(specId) ? OFFICE_HOURS : undefined);
    }
    expect([...functions.keys()].filter(readsCatalog)).toEqual(
      expect.arrayContaining(['submit-dossier', 'act-on-dossier', 'deliver-to-agency', 'put-calendar']),
    );
  });

  test('unset: no function gets the variable (the handlers use 07:00-11:30,13:30-17:00)', () => {
    const { template: plain } = defaultStack();
    const functions = functionsBySpecId(plain);
    expect(functions.size).toBe(Object.keys(FUNCTIONS).length);
    for (const [specId, [, fn]] of functions) {
      expect(variablesOf(fn)[OFFICE_HOURS_ENV], specId).toBeUndefined();
    }
    // And without webhooks in the context, the signers get an empty map.
    const [, deliver] = functions.get('deliver-to-agency') ?? [];
    expect(variablesOf(deliver)[AGENCY_WEBHOOKS_ENV]).toBe('{}');
  });
});

describe('bad context fails the synthesis with a clear message', () => {
  test.each([
    [
      { tax: 'https://tax.example/hook', 'ministry-of-magic': 'https://x.example' },
      /"ministry-of-magic" is not an agency system/,
    ],
    [{ police: 'http://police.example/motcua' }, /endpoint of "police" must be an https:\/\/ URL/],
    [{ police: 'not a url' }, /endpoint of "police" must be an https:\/\/ URL/],
    [{ police: 42 }, /endpoint of "police" must be an https:\/\/ URL/],
    ['{"police": ', /not valid JSON/],
    [['https://police.example'], /must be an object/],
  ])(`${AGENCY_WEBHOOKS_CONTEXT}=%j`, (value, message) => {
    expect(() => synthVariant({ [AGENCY_WEBHOOKS_CONTEXT]: value })).toThrow(message);
    expect(() => synthVariant({ [AGENCY_WEBHOOKS_CONTEXT]: value })).toThrow(
      `context ${AGENCY_WEBHOOKS_CONTEXT}`,
    );
  });

  test.each([['7-11'], ['13:30-17:00,07:00-11:30'], ['07:00-12:00,11:00-17:00']])(
    `${OFFICE_HOURS_CONTEXT}=%s`,
    (value) => {
      expect(() => synthVariant({ [OFFICE_HOURS_CONTEXT]: value })).toThrow(
        new RegExp(`context ${OFFICE_HOURS_CONTEXT}: .* is not valid office hours`),
      );
    },
  );

  test(`${AGENCY_WEBHOOKS_CONTEXT} as JSON text (cdk -c) is read like the object (cdk.json)`, () => {
    const { template: fromText } = synthVariant({ [AGENCY_WEBHOOKS_CONTEXT]: JSON.stringify(WEBHOOKS) });
    const [, deliver] = functionsBySpecId(fromText).get('deliver-to-agency') ?? [];
    expect(JSON.parse(String(variablesOf(deliver)[AGENCY_WEBHOOKS_ENV]))).toEqual(WEBHOOKS);
  });
});
