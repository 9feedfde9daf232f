/** Status sync to the national portal in the template: its secret, URL setting and queue URLs. */
import { describe, expect, test } from 'vitest';
import { PORTAL_SYNC_URL_CONTEXT } from '#infra/constructs/portal-sync.ts';
import {
  PORTAL_SYNC_QUEUE_URL_ENV,
  PORTAL_SYNC_SECRET_ARN_ENV,
  PORTAL_SYNC_URL_ENV,
  RETRY_BASE_SECONDS_ENV,
} from '#infra/topology.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { type Resource, refId, resources, statementsOf } from './template.ts';

const { template } = defaultStack();

const functionBySpecId = (t: typeof template, specId: string): Resource | undefined =>
  Object.values(resources(t, 'AWS::Lambda::Function')).find(
    (fn) => fn.Properties?.Description === `motcua ${specId}`,
  );
const variablesOf = (fn: Resource | undefined): Record<string, unknown> =>
  (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

const secretId = (): string => {
  const ids = Object.keys(resources(template, 'AWS::SecretsManager::Secret')).filter((id) =>
    id.startsWith('PortalSyncSecret'),
  );
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
};

describe('portal sync', () => {
  test('the sender gets the secret ARN, the retry base and the queue URL; only it may read the secret', () => {
    const sender = functionBySpecId(template, 'sync-to-portal');
    const variables = variablesOf(sender);
    expect(variables[PORTAL_SYNC_SECRET_ARN_ENV]).toEqual({ Ref: secretId() });
    expect(variables[RETRY_BASE_SECONDS_ENV]).toBe('30');
    expect(variables[PORTAL_SYNC_QUEUE_URL_ENV]).toBeDefined();
    // No URL in the default context: nothing is posted, messages stay queued.
    expect(variables[PORTAL_SYNC_URL_ENV]).toBeUndefined();
    const readers: string[] = [];
    for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
      for (const statement of statementsOf(policy.Properties?.PolicyDocument)) {
        if (!JSON.stringify(statement.Resource).includes(secretId())) continue;
        readers.push(...((policy.Properties?.Roles as unknown[]) ?? []).map((role) => refId(role) ?? '?'));
      }
    }
    expect(readers).toEqual([refId(sender?.Properties?.Role)]);
    template.hasOutput('PortalSyncSecretArn', { Value: { Ref: secretId() } });
  });

  test('the router may send to the sync queue and knows its URL', () => {
    expect(
      variablesOf(functionBySpecId(template, 'route-dossier-events'))[PORTAL_SYNC_QUEUE_URL_ENV],
    ).toBeDefined();
  });

  test(`${PORTAL_SYNC_URL_CONTEXT}: an https URL reaches the sender; anything else fails the synthesis`, () => {
    const { template: withUrl } = synthVariant({
      [PORTAL_SYNC_URL_CONTEXT]: 'https://dichvucong.example/sync',
    });
    expect(variablesOf(functionBySpecId(withUrl, 'sync-to-portal'))[PORTAL_SYNC_URL_ENV]).toBe(
      'https://dichvucong.example/sync',
    );
    expect(() => synthVariant({ [PORTAL_SYNC_URL_CONTEXT]: 'http://dichvucong.example/sync' })).toThrow(
      /must be an https:\/\/ URL/,
    );
  });
});
