/**
 * Deploy-time correctness on the synthesized template: the catalog seed runs
 * again whenever its data changes and fails the deploy in bounded time; no role holds a table
 * action no adapter uses; CloudWatch Logs may use the key only for this account's log groups;
 * and the functions behind token routes carry what the runtime's checks need.
 */
import { describe, expect, test } from 'vitest';
import { seedContentHash } from '#infra/constructs/catalog-seed.ts';
import { pascalCase } from '#infra/constructs/lambda-function.ts';
import {
  CLIENT_RATE_LIMIT_ENV,
  DEFAULT_CLIENT_RATE_LIMIT,
  FUNCTIONS,
  functionTimeoutSeconds,
  ROUTES,
  TABLES,
} from '#infra/topology.ts';
import { SEED_CONTENT } from '#shared/use-cases/seed-catalog.ts';
import { defaultStack } from './synth.ts';
import { byPath, refId, resources, type Statement, statementsOf } from './template.ts';

const { template } = defaultStack();

const actionsOf = (statement: Statement): string[] => {
  const action = statement.Action;
  return Array.isArray(action) ? action.map(String) : [String(action)];
};

/** `role logical id` → the table actions of its policies, by table logical id. */
const roleOf = (functionId: keyof typeof FUNCTIONS): string | undefined => {
  const fn = byPath(template, 'AWS::Lambda::Function').get(
    `${pascalCase(FUNCTIONS[functionId].id)}/Function`,
  );
  return refId(fn?.resource.Properties?.Role);
};

describe('the catalog seed', () => {
  const [seed] = Object.values(resources(template, 'Custom::MotcuaCatalogSeed'));

  test('carries the hash of the seed data, so a change of the data re-runs it', () => {
    expect(seed?.Properties?.seedHash).toBe(seedContentHash());
    expect(seedContentHash()).toMatch(/^[0-9a-f]{64}$/);
    // Any change of the content is a new property value, which CloudFormation sends as an update.
    const [first, ...others] = SEED_CONTENT.procedures;
    const edited = {
      ...SEED_CONTENT,
      procedures: [{ ...first, name: `${first?.name} (sửa đổi)` }, ...others],
    };
    expect(seedContentHash(edited)).not.toBe(seedContentHash());
  });

  test('fails the deploy within the seed function’s timeout plus a minute, not CloudFormation’s hour', () => {
    expect(seed?.Properties?.ServiceTimeout).toBe(String(functionTimeoutSeconds(FUNCTIONS.seedCatalog) + 60));
  });
});

describe('table grants', () => {
  const policies = Object.values(resources(template, 'AWS::IAM::Policy'));
  const tableStatements = (roleId: string | undefined) =>
    policies
      .filter((policy) =>
        (policy.Properties?.Roles as unknown[] | undefined)?.some((r) => refId(r) === roleId),
      )
      .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument))
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));

  test('no role may BatchWriteItem or Scan: no adapter does', () => {
    const actions = policies
      .flatMap((policy) => statementsOf(policy.Properties?.PolicyDocument))
      .flatMap(actionsOf);
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:*');
  });

  test('DeleteItem only where an adapter deletes: submissions (their key)', () => {
    const deleters = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter((id) =>
      tableStatements(roleOf(id)).some((statement) => actionsOf(statement).includes('dynamodb:DeleteItem')),
    );
    expect(deleters.sort()).toEqual(['submitDossier']);
  });

  test('the counters of per-client throttling: UpdateItem only, for every function behind a token route or a route limited per address', () => {
    const tokenFunctions = new Set(
      ROUTES.filter((r) => r.auth === 'token' || r.perIpLimit).map((r) => r.function),
    );
    const tables = byPath(template, 'AWS::DynamoDB::Table');
    const counters = [...tables].find(([path]) => path === 'Data/ClientRatesTable')?.[1].id;
    expect(counters).toBeDefined();
    for (const id of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const onCounters = tableStatements(roleOf(id)).filter((statement) =>
        JSON.stringify(statement.Resource).includes(String(counters)),
      );
      expect(onCounters.flatMap(actionsOf), id).toEqual(
        tokenFunctions.has(id) ? ['dynamodb:UpdateItem'] : [],
      );
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLES.clientRates.ttlAttribute, Enabled: true },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
  });

  test('every function behind a token route (or limited per address) gets the client rate limit and counters', () => {
    const functions = byPath(template, 'AWS::Lambda::Function');
    for (const route of ROUTES) {
      const fn = functions.get(`${pascalCase(FUNCTIONS[route.function].id)}/Function`);
      const variables = (fn?.resource.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      expect(variables?.[CLIENT_RATE_LIMIT_ENV], route.path).toBe(DEFAULT_CLIENT_RATE_LIMIT);
      expect(variables?.[TABLES.clientRates.envVar], route.path).toEqual(
        route.auth === 'token' || route.perIpLimit ? { Ref: expect.any(String) } : undefined,
      );
    }
  });
});

describe('the key policy', () => {
  test('CloudWatch Logs may use the key only for this account’s log groups, on its behalf', () => {
    const [key] = Object.values(resources(template, 'AWS::KMS::Key'));
    const logs = statementsOf(key?.Properties?.KeyPolicy).filter((statement) =>
      JSON.stringify(statement.Principal).includes('logs.'),
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.anything() },
    });
  });
});
