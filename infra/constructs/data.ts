import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DOCUMENT_PREFIXES, type KeyAttribute, TABLES, type TableId, type TableSpec } from '../topology.ts';

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export type DataProps = {
  /**
   * Production keeps everything here when the stack is deleted, and tables have deletion
   * protection; another stage's data goes with its stack (the buckets are emptied first).
   */
  production: boolean;
};

/**
 * The stateful part: one customer-managed KMS key for everything, the topology's tables and the
 * documents bucket (with its access-log bucket). In production everything here survives a stack
 * deletion.
 */
export class Data extends Construct {
  readonly key: Key;
  readonly tables: Record<TableId, Table>;
  readonly documentsBucket: Bucket;
  readonly accessLogsBucket: Bucket;

  private readonly production: boolean;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.production = props.production;
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Outside production a bucket is emptied on deletion, so the stack can go whole.
    const autoDeleteObjects = !props.production;

    this.key = new Key(this, 'Key', {
      description: `motcua (${stack.stackName}): tables, bucket, queues, topic, log groups`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // CloudWatch Logs encrypts this stack's log groups (functions, API access logs) with the key.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          // Only on behalf of this account's log groups (no confused deputy across accounts).
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );

    const tables = {} as Record<TableId, Table>;
    for (const spec of Object.values(TABLES)) tables[spec.id] = this.table(spec);
    this.tables = tables;

    // Server access logs: S3's log delivery cannot write to a KMS-encrypted bucket, so this one
    // alone uses S3-managed keys. It holds request metadata only, never documents.
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy,
      autoDeleteObjects,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });

    this.documentsBucket = new Bucket(this, 'Documents', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy,
      autoDeleteObjects,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Verified uploads are copied to verified/ and rejected ones deleted: whatever is still
        // under pending/ after a day was never verified, so never referenced by a dossier.
        {
          id: 'expire-unverified-uploads',
          prefix: DOCUMENT_PREFIXES.pending,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Deleting a current version (without its version id) leaves a noncurrent one, which
        // must not live forever.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
  }

  /**
   * A table of the topology. `Table` rather than `TableV2`: TableV2 cannot render a
   * customer-managed key in an environment-agnostic stack (it picks replica keys by region).
   */
  private table(spec: TableSpec): Table {
    const table = new Table(this, `${spec.id[0]?.toUpperCase()}${spec.id.slice(1)}Table`, {
      partitionKey: attribute(spec.partitionKey),
      ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: this.production,
      removalPolicy: this.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(spec.stream === 'NEW_AND_OLD_IMAGES' ? { stream: StreamViewType.NEW_AND_OLD_IMAGES } : {}),
      ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        projectionType: index.projection === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      });
    }
    return table;
  }
}
