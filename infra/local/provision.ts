/**
 * Creates the topology's resources in the emulators: every table (keys, GSIs with ALL
 * projection, on-demand billing, stream and TTL where the topology says so), every agency
 * queue `motcua-<queue id>` with its dead-letter queue `motcua-<queue id>-dlq`, the stream
 * consumers' on-failure queues `motcua-<name>`, and the documents bucket.
 *
 * Idempotent: on a restart with persisted data, what exists is kept; what the topology gained
 * since (a GSI, a stream, TTL) is added, and changed queue attributes are applied.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AGENCY_QUEUES,
  CONSUMERS,
  DEAD_LETTER_RETENTION_SECONDS,
  DOCUMENTS_BUCKET,
  type IndexSpec,
  type KeyAttribute,
  projectionOf,
  QUEUE_RETENTION_SECONDS,
  type QueueSpec,
  queueVisibilityTimeoutSeconds,
  SERVICE_QUEUES,
  type ServiceQueueSpec,
  TABLES,
  type TableId,
  type TableSpec,
  type TargetQueueSpec,
} from '#infra/topology.ts';
import type { AwsClients } from './clients.ts';
import type { LocalCredentials } from './constants.ts';
import type { Endpoints } from './emulators.ts';
import { type Log, silentLog } from './log.ts';

// ---------------------------------------------------------------------------------------------
// Names

export const RESOURCE_PREFIX = 'motcua';
export const tableName = (id: TableId): string => `${RESOURCE_PREFIX}-${id}`;
export const queueName = (queueId: string): string => `${RESOURCE_PREFIX}-${queueId}`;
export const deadLetterQueueName = (queueId: string): string => `${RESOURCE_PREFIX}-${queueId}-dlq`;
export const bucketName = (): string => `${RESOURCE_PREFIX}-${DOCUMENTS_BUCKET.id}`;

/** Like the stack's queues: dead-letter (and failure) queues keep messages longer than sources. */
const RETENTION_SECONDS = DEAD_LETTER_RETENTION_SECONDS;

/**
 * The URL handlers and pollers use for a queue: path-style on the SQS endpoint
 * (`http://127.0.0.1:<port>/000000000000/<name>`). fauxqs answers CreateQueue with
 * `http://sqs.<region>.localhost:<port>/...`, whose host the SDK would call directly (it prefers
 * the queue URL's host to a differing endpoint) and which does not resolve everywhere.
 */
export const localQueueUrl = (sqsEndpoint: string, anyQueueUrl: string): string =>
  `${sqsEndpoint.replace(/\/$/, '')}${new URL(anyQueueUrl).pathname}`;

// ---------------------------------------------------------------------------------------------
// Resources

export type TableResource = { id: TableId; name: string; created: boolean; streamArn?: string };
export type QueueResource = { name: string; url: string; arn: string };
export type TargetQueueResource<Spec extends TargetQueueSpec = TargetQueueSpec> = QueueResource & {
  spec: Spec;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  deadLetter: QueueResource;
};
export type AgencyQueueResource = TargetQueueResource<QueueSpec>;
/** A queue of the service's own (portal sync, notify) with its dead-letter queue. */
export type ServiceQueueResource = TargetQueueResource<ServiceQueueSpec>;

export type LocalResources = {
  region: string;
  endpoints: Endpoints;
  /** The credentials the resources were created with (DynamoDB Local shows them to no other key id). */
  credentials: LocalCredentials;
  tables: Record<TableId, TableResource>;
  /** By topology queue id (`agency-commune`, ...). */
  agencyQueues: Record<string, AgencyQueueResource>;
  /** The stream consumers' on-failure queues, by their topology name. */
  failureQueues: Record<string, QueueResource>;
  /** The service's own queues (SERVICE_QUEUES: `portal-sync`, `notify`), by topology queue id. */
  serviceQueues: Record<string, ServiceQueueResource>;
  /** `{ agencyId: queueUrl }`: the AGENCY_QUEUE_URLS value. */
  agencyQueueUrls: Record<string, string>;
  bucket: string;
};

export type ProvisionOptions = {
  /**
   * The one local difference from the topology: tests and quick local retries set
   * MOTCUA_QUEUE_VISIBILITY_SECONDS (1 or 2) so a failed message comes back in seconds instead
   * of the topology's visibility timeout. Unset: the topology value.
   */
  queueVisibilitySeconds?: number | undefined;
  /**
   * Local only (MOTCUA_QUEUE_MAX_RECEIVES): receives before a message is dead-lettered instead of
   * the topology's, so tests see the DLQ without waiting out a day of retries. Unset: the topology.
   */
  queueMaxReceives?: number | undefined;
  log?: Log;
};

export async function provision(
  clients: AwsClients,
  options: ProvisionOptions = {},
): Promise<LocalResources> {
  const log = options.log ?? silentLog;
  const tableIds = Object.keys(TABLES) as TableId[];
  const [tables, agencyQueues, failureQueues, bucket, serviceQueues] = await Promise.all([
    Promise.all(tableIds.map((id) => ensureTable(clients.dynamodb, tableName(id), TABLES[id], log))),
    Promise.all(
      AGENCY_QUEUES.map((spec) => ensureQueueWithDlq(clients.sqs, clients.endpoints.sqs, spec, options)),
    ),
    Promise.all(
      CONSUMERS.flatMap((consumer) => (consumer.kind === 'stream' ? [consumer.onFailureQueue] : [])).map(
        async (name) =>
          [
            name,
            await ensureQueue(clients.sqs, clients.endpoints.sqs, queueName(name), {
              MessageRetentionPeriod: String(RETENTION_SECONDS),
            }),
          ] as const,
      ),
    ),
    ensureBucket(clients.s3, bucketName()),
    Promise.all(
      SERVICE_QUEUES.map((spec) => ensureQueueWithDlq(clients.sqs, clients.endpoints.sqs, spec, options)),
    ),
  ]);
  return {
    region: clients.region,
    endpoints: clients.endpoints,
    credentials: clients.credentials,
    tables: Object.fromEntries(tables.map((table) => [table.id, table])) as Record<TableId, TableResource>,
    agencyQueues: Object.fromEntries(agencyQueues.map((queue) => [queue.spec.id, queue])),
    failureQueues: Object.fromEntries(failureQueues),
    serviceQueues: Object.fromEntries(serviceQueues.map((queue) => [queue.spec.id, queue])),
    agencyQueueUrls: Object.fromEntries(agencyQueues.map((queue) => [queue.spec.agencyId, queue.url])),
    bucket,
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

const keySchema = (partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
];

function attributeDefinitions(keys: (KeyAttribute | undefined)[]): AttributeDefinition[] {
  const types = new Map<string, KeyAttribute['type']>();
  for (const key of keys) {
    if (!key) continue;
    const known = types.get(key.name);
    if (known && known !== key.type)
      throw new Error(`attribute ${key.name} is both ${known} and ${key.type}`);
    types.set(key.name, key.type);
  }
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

const gsi = (index: IndexSpec): GlobalSecondaryIndex => ({
  IndexName: index.name,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: projectionOf(index),
});

export function createTableInput(name: string, spec: TableSpec): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    AttributeDefinitions: attributeDefinitions([
      spec.partitionKey,
      spec.sortKey,
      ...spec.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]),
    ...(spec.indexes.length > 0 ? { GlobalSecondaryIndexes: spec.indexes.map(gsi) } : {}),
    ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForActive(dynamodb: DynamoDBClient, name: string): Promise<TableDescription> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    const active =
      table?.TableStatus === 'ACTIVE' &&
      (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table && active) return table;
    if (Date.now() > deadline) throw new Error(`table ${name} did not become ACTIVE`);
    await sleep(100);
  }
}

/** Creates the table, or brings an existing one up to the spec (adds what is missing). */
export async function ensureTable(
  dynamodb: DynamoDBClient,
  name: string,
  spec: TableSpec,
  log: Log = silentLog,
): Promise<TableResource> {
  let created = false;
  try {
    await dynamodb.send(new CreateTableCommand(createTableInput(name, spec)));
    created = true;
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  let table = await waitForActive(dynamodb, name);

  if (!created) {
    const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of spec.indexes.filter((i) => !existing.has(i.name))) {
      log.info('adding a missing index', { table: name, index: index.name });
      await dynamodb.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: attributeDefinitions([
            spec.partitionKey,
            spec.sortKey,
            index.partitionKey,
            index.sortKey,
          ]),
          GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
        }),
      );
      table = await waitForActive(dynamodb, name);
    }
    const wanted = new Set(spec.indexes.map((index) => index.name));
    for (const extra of existing) {
      if (extra && !wanted.has(extra))
        log.warn('table has an index the topology does not', { table: name, index: extra });
    }
    const stream = table.StreamSpecification;
    if (spec.stream && !(stream?.StreamEnabled && stream.StreamViewType === spec.stream)) {
      log.info('enabling the table stream', { table: name });
      if (stream?.StreamEnabled) {
        await dynamodb.send(
          new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
        );
        table = await waitForActive(dynamodb, name);
      }
      await dynamodb.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
        }),
      );
      table = await waitForActive(dynamodb, name);
    }
  }

  if (spec.ttlAttribute) {
    const { TimeToLiveDescription: ttl } = await dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: name }),
    );
    if (ttl?.TimeToLiveStatus !== 'ENABLED' || ttl.AttributeName !== spec.ttlAttribute) {
      await dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
  return {
    id: spec.id,
    name,
    created,
    ...(spec.stream && table.LatestStreamArn ? { streamArn: table.LatestStreamArn } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Queues

const isQueueExists = (error: unknown): boolean =>
  error instanceof Error &&
  /QueueNameExists|QueueAlreadyExists/.test(`${error.name} ${(error as { Code?: string }).Code ?? ''}`);

/** Creates the queue with these attributes, or applies them to the existing queue. */
export async function ensureQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  name: string,
  attributes: Record<string, string> = {},
): Promise<QueueResource> {
  let url: string;
  try {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    url = localQueueUrl(sqsEndpoint, created.QueueUrl ?? '');
  } catch (error) {
    if (!isQueueExists(error)) throw error;
    const existing = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    url = localQueueUrl(sqsEndpoint, existing.QueueUrl ?? '');
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  }
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${name} has no ARN`);
  return { name, url, arn };
}

/** A delivery queue with its dead-letter queue (RedrivePolicy maxReceiveCount from the spec). */
export async function ensureQueueWithDlq<Spec extends TargetQueueSpec>(
  sqs: SQSClient,
  sqsEndpoint: string,
  spec: Spec,
  options: Pick<ProvisionOptions, 'queueVisibilitySeconds' | 'queueMaxReceives'> = {},
): Promise<TargetQueueResource<Spec>> {
  const visibilityTimeoutSeconds = options.queueVisibilitySeconds ?? queueVisibilityTimeoutSeconds(spec);
  const maxReceiveCount = options.queueMaxReceives ?? spec.maxReceiveCount;
  const deadLetter = await ensureQueue(sqs, sqsEndpoint, deadLetterQueueName(spec.id), {
    MessageRetentionPeriod: String(RETENTION_SECONDS),
  });
  const queue = await ensureQueue(sqs, sqsEndpoint, queueName(spec.id), {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount }),
  });
  return { ...queue, spec, visibilityTimeoutSeconds, maxReceiveCount, deadLetter };
}

// ---------------------------------------------------------------------------------------------
// Bucket

export async function ensureBucket(s3: S3Client, name: string): Promise<string> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    if (!(error instanceof Error && /BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(error.name)))
      throw error;
  }
  return name;
}
