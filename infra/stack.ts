import { RemovalPolicies, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { AgencyDelivery } from './constructs/agency-delivery.ts';
import { alarmEmail } from './constructs/alarm-settings.ts';
import { Api } from './constructs/api.ts';
import { CatalogSeed } from './constructs/catalog-seed.ts';
import { CursorKey } from './constructs/cursor-key.ts';
import { Data } from './constructs/data.ts';
import { Documents } from './constructs/documents.ts';
import { FanOut } from './constructs/fan-out.ts';
import { MotcuaFunction, pascalCase } from './constructs/lambda-function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Notifications } from './constructs/notifications.ts';
import { Observability } from './constructs/observability.ts';
import { Payments } from './constructs/payments.ts';
import { PortalSync } from './constructs/portal-sync.ts';
import { Schedules } from './constructs/schedules.ts';
import { type DeploySettings, deploySettings } from './constructs/settings.ts';
import { FUNCTIONS, type FunctionId, OFFICE_HOURS_ENV, TABLES } from './topology.ts';

export type MotcuaStackProps = StackProps & {
  /** Deployment stage (`prod`, `staging`, ...): the API stage name. */
  stage: string;
};

/** The stack's id (and CloudFormation name) for a stage: `Motcua-prod`. */
export const stackIdFor = (stage: string): string => `Motcua-${stage}`;

/**
 * Feature flags this stack relies on, whatever the app's cdk.json holds: S3 server access logs
 * delivered under a bucket policy, not the legacy ACL (ACLs are disabled on the log bucket), and
 * IAM policies merged into as few statements as possible (the router sends to eight queues).
 */
const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
} as const;

/**
 * motcua in one stack, built from infra/topology.ts: data (key, tables, bucket), one function
 * per FUNCTIONS entry with its table bindings, the fan-out (agency queues and the topology's
 * consumers), agency delivery (webhook secret and endpoints), the cursor key, the SCHEDULES' rules, the API
 * (ROUTES behind Cognito and WAF) and the alarms.
 *
 * Deploy-time settings come from the context, validated before anything is built (see
 * constructs/settings.ts and the README's deploy section). A production stage (`prod` unless
 * `motcua:production` says otherwise) retains its data and has deletion and termination
 * protection; any other stage can be deleted whole. No physical name is shared between stages.
 */
export class MotcuaStack extends Stack {
  readonly settings: DeploySettings;
  readonly data: Data;
  readonly functions: Record<FunctionId, MotcuaFunction>;
  readonly fanOut: FanOut;
  readonly agencyDelivery: AgencyDelivery;
  readonly cursorKey: CursorKey;
  readonly documents: Documents;
  readonly schedules: Schedules;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly observability: Observability;
  readonly payments: Payments;

  constructor(scope: Construct, id: string, props: MotcuaStackProps) {
    super(scope, id, props);
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) this.node.setContext(flag, value);
    this.settings = deploySettings(this.node, props.stage);
    this.terminationProtection = this.settings.production;
    // A stage that is not production can be deleted whole: an aspect, so it reaches every
    // resource of the stack (log groups, queues, secrets, the alarm topic), whoever creates it.
    if (!this.settings.production) RemovalPolicies.of(this).destroy();

    this.data = new Data(this, 'Data', { production: this.settings.production });

    const functions = {} as Record<FunctionId, MotcuaFunction>;
    for (const [functionId, spec] of Object.entries(FUNCTIONS) as [
      FunctionId,
      (typeof FUNCTIONS)[FunctionId],
    ][]) {
      const fn = new MotcuaFunction(this, pascalCase(spec.id), { spec, key: this.data.key });
      for (const { table, access } of spec.tables) {
        fn.bindTable(this.data.tables[table], TABLES[table], access);
      }
      // The working-day clock reads the calendar from the catalog: its readers get the hours.
      if (this.settings.officeHours !== undefined && spec.tables.some(({ table }) => table === 'catalog')) {
        fn.lambda.addEnvironment(OFFICE_HOURS_ENV, this.settings.officeHours);
      }
      functions[functionId] = fn;
    }
    this.functions = functions;

    this.fanOut = new FanOut(this, 'FanOut', {
      key: this.data.key,
      tables: this.data.tables,
      functions,
    });
    this.agencyDelivery = new AgencyDelivery(this, 'AgencyDelivery', {
      functions,
      key: this.data.key,
      webhooks: this.settings.agencyWebhooks,
    });
    new PortalSync(this, 'PortalSync', { functions, key: this.data.key });
    this.cursorKey = new CursorKey(this, 'CursorKey', { functions, key: this.data.key });
    this.payments = new Payments(this, 'Payments', { functions, key: this.data.key });
    this.documents = new Documents(this, 'Documents', {
      functions,
      bucket: this.data.documentsBucket,
      key: this.data.key,
      uploadOrigins: this.settings.uploadOrigins,
      malwareScan: this.settings.malwareScan,
    });
    this.schedules = new Schedules(this, 'Schedules', { functions, key: this.data.key });
    this.api = new Api(this, 'Api', {
      functions,
      key: this.data.key,
      stageName: props.stage,
      settings: this.settings,
    });
    new Notifications(this, 'Notifications', { functions, apiUrl: this.api.restApi.url });
    new CatalogSeed(this, 'CatalogSeed', {
      seeder: functions.seedCatalog,
      clientBindings: this.api.clientBindings,
    });
    const deadLetterQueues = [
      ...this.fanOut.deadLetterQueues,
      ...this.schedules.deadLetterQueues,
      ...this.documents.deadLetterQueues,
    ];
    this.monitoring = new Monitoring(this, 'Monitoring', {
      key: this.data.key,
      deadLetterQueues,
      api: this.api.restApi,
      streamConsumers: this.fanOut.streamConsumers,
    });
    this.observability = new Observability(this, 'Observability', {
      key: this.data.key,
      topic: this.monitoring.topic,
      deadLetterQueues,
      functions,
      tables: this.data.tables,
      api: this.api.restApi,
      webAcl: this.api.node.tryFindChild('WebAcl') as CfnWebACL | undefined,
      otherAlarms: this.monitoring.alarms,
      alarmEmail: alarmEmail(this.node),
    });
  }
}
