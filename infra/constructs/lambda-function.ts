import { join, resolve } from 'node:path';
import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type FunctionSpec,
  functionMemoryMiB,
  functionTimeoutSeconds,
  type TableAccess,
  type TableSpec,
} from '../topology.ts';

/** The repository root: `projectRoot` of every bundle, and where topology entries are relative to. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** `list-centers` → `ListCenters`: construct ids read like the function ids in the topology. */
export const pascalCase = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');

/** What the functions do with a table: key lookups and queries, never scans. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
// No BatchWriteItem: no adapter batches writes. DeleteItem only where an adapter deletes (RWD).
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/** The IAM actions of each access kind of the topology (TableAccess). */
export const TABLE_ACTIONS: Record<TableAccess['access'], readonly string[]> = {
  RO: TABLE_READ_ACTIONS,
  RW: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
  RWD: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'dynamodb:DeleteItem'],
  COUNT: ['dynamodb:UpdateItem'],
};

/** What the bundles resolve `@aws-sdk/credential-provider-node` to (see that module). */
export const ENV_ONLY_CREDENTIAL_CHAIN = 'shared/runtime/env-only-credential-chain.ts';

const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * What every bundle is built with, besides ESM for Node on one entry with everything inside
 * (`bundle`, `platform: 'node'`, `format: 'esm'`, no externals): held once, for `NodejsFunction`
 * here and for the one-pass build of test/infra/bundles.test.ts, which checks the two agree.
 */
export const BUNDLE_OPTIONS = {
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  // The SDK's default credential chain, which every client imports, reduced to its first link
  // (the environment, where Lambda puts the credentials): ≈ 90 KB less per bundle.
  alias: { '@aws-sdk/credential-provider-node': join(REPO_ROOT, ENV_ONLY_CREDENTIAL_CHAIN) },
} as const;

/**
 * The environment every function starts with (`npm run bundles` times cold imports under it).
 * No `NODE_OPTIONS=--enable-source-maps`: Node then parses the whole source map when the bundle
 * loads, which cost 6–45 % more cold import time (docs/architecture.md, Bundles). The `.map`
 * stays beside the bundle, to decode a logged stack trace.
 */
export const FUNCTION_ENVIRONMENT: Readonly<Record<string, string>> = {
  POWERTOOLS_SERVICE_NAME: 'motcua',
  POWERTOOLS_METRICS_NAMESPACE: 'motcua',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

/** The level of Lambda's own log lines (the cost model reads it from the template). */
export const FUNCTION_SYSTEM_LOG_LEVEL = SystemLogLevel.WARN;

export type MotcuaFunctionProps = {
  spec: FunctionSpec;
  /**
   * Also writes esbuild's metafile (`index.meta.json`) beside the bundle, for `npm run bundles`
   * to say where the bytes come from. Never set by the stack: the file would be deployed.
   */
  metafile?: boolean;
  /** Encrypts the function's log group. */
  key: IKey;
  /** Log retention; personal data may reach logs by mistake, so keep it bounded. */
  logRetention?: RetentionDays;
};

/**
 * One Lambda function of the topology, with every default held once: Node.js 24 on arm64,
 * ESM bundle (minified, its source map beside it, AWS SDK v3 bundled), active tracing, a
 * KMS-encrypted log group with retention, Powertools settings, and an execution role that starts empty (no
 * managed policies): it gets only its log group, X-Ray, and what `bindTable` and the wiring add.
 */
export class MotcuaFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly lambda: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly timeoutSeconds: number;
  private readonly acknowledged = new Set<string>();

  constructor(scope: Construct, id: string, props: MotcuaFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    this.timeoutSeconds = functionTimeoutSeconds(spec);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      encryptionKey: props.key,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${spec.id}`,
    });
    this.logGroup.grantWrite(this.role);

    this.lambda = new NodejsFunction(this, 'Function', {
      description: `motcua ${spec.id}`,
      ...this.code(spec, props.metafile ?? false),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: functionMemoryMiB(spec),
      timeout: Duration.seconds(this.timeoutSeconds),
      ...(spec.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: spec.reservedConcurrency }
        : {}),
      role: this.role,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // Lambda's own lines at WARN: no platform.start and platform.report per invocation (read by
      // no one; duration, errors and throttles are CloudWatch metrics). Failures and timeouts are
      // still logged. The report lines carry the memory used: see docs/architecture.md §14.
      systemLogLevelV2: FUNCTION_SYSTEM_LOG_LEVEL,
      environment: { ...FUNCTION_ENVIRONMENT },
    });

    this.acknowledgeWildcard(
      'Resource::*',
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
        'permissions (AWS X-Ray IAM reference); every other statement of this role names its resources.',
    );
  }

  /**
   * Gives the function one table: the environment variable with its name and the matching IAM
   * grant (RO: grantReadData, RW: grantReadWriteData, each with the key grants the table's
   * encryption needs) in one call, so the two can never drift apart.
   */
  bindTable(table: ITable, spec: TableSpec, access: TableAccess['access']): void {
    this.lambda.addEnvironment(spec.envVar, table.tableName);
    // Explicit actions rather than grantReadData: no Scan, so "no scans on request paths" is
    // enforced by IAM, not only by review.
    table.grant(this.lambda, ...TABLE_ACTIONS[access]);
    if (access === 'RO') table.encryptionKey?.grantDecrypt(this.lambda);
    else {
      table.encryptionKey?.grantEncryptDecrypt(this.lambda);
      this.acknowledgeKeyWildcards();
    }
    const cfnTable = table.node.defaultChild;
    if (spec.indexes.length > 0 && cfnTable instanceof CfnResource) {
      this.acknowledgeWildcard(
        `Resource::<${Stack.of(table).getLogicalId(cfnTable)}.Arn>/index/*`,
        `Queries go to the indexes of this one table (${spec.indexes.map((i) => i.name).join(', ')}); ` +
          'the wildcard covers only that table’s own indexes.',
      );
    }
  }

  /** For grants that encrypt with the stack's key (SQS sends, table writes). */
  acknowledgeKeyWildcards(): void {
    const reason =
      'CDK’s grant for a KMS-encrypted resource: the kms:GenerateDataKey*/kms:ReEncrypt* action ' +
      'families are limited to the stack’s one customer-managed key (its ARN is the only resource).';
    this.acknowledgeWildcard('Action::kms:GenerateDataKey*', reason);
    this.acknowledgeWildcard('Action::kms:ReEncrypt*', reason);
  }

  /** Acknowledges one AwsSolutions-IAM5 finding on this function's role, once. */
  acknowledgeWildcard(finding: string, reason: string): void {
    if (this.acknowledged.has(finding)) return;
    this.acknowledged.add(finding);
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }

  /** The bundle of `spec.entry`: ESM for Node 24, everything (AWS SDK v3 included) inside. */
  private code(
    spec: FunctionSpec,
    metafile: boolean,
  ): Partial<ConstructorParameters<typeof NodejsFunction>[2]> {
    const entry = join(REPO_ROOT, spec.entry);
    return {
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        target: BUNDLE_OPTIONS.target,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: BUNDLE_OPTIONS.sourcesContent,
        banner: BUNDLE_OPTIONS.banner,
        // AWS SDK v3 is bundled: the version is the one the lock file pins, not the runtime's.
        externalModules: [],
        bundleAwsSDK: true,
        esbuildArgs: {
          '--alias': Object.entries(BUNDLE_OPTIONS.alias).map(([from, to]) => `${from}=${to}`),
        },
        ...(metafile ? { metafile: true } : {}),
        // Files read at run time (the receipt's fonts) go next to the bundle, where they are looked up.
        ...(spec.bundledFiles && spec.bundledFiles.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  (spec.bundledFiles ?? []).map(
                    (file) => `cp "${join(inputDir, 'node_modules', file)}" "${outputDir}/"`,
                  ),
              },
            }
          : {}),
      },
    };
  }
}
