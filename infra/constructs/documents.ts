import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type Bucket, EventType, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DOCUMENT_PREFIXES,
  DOCUMENTS_BUCKET,
  type FunctionId,
  MALWARE_SCAN_ENV,
  UPLOAD_NOTIFICATIONS,
} from '../topology.ts';
import type { MotcuaFunction } from './lambda-function.ts';

export type DocumentsProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  bucket: Bucket;
  key: IKey;
  /** Browser origins that may POST uploads (bucket CORS); none: no CORS rule. */
  uploadOrigins: readonly string[];
  /** Await GuardDuty Malware Protection for S3's verdict tag before VERIFIED. */
  malwareScan: 'GUARDDUTY' | undefined;
};

/**
 * The documents bucket's users, from the topology: each function whose spec names `documents`
 * gets the bucket's name and exactly those S3 actions on those prefixes (plus the key), the
 * UPLOAD_NOTIFICATIONS become S3 event notifications, and browsers of the configured portal
 * origins may POST uploads.
 */
export class Documents extends Construct {
  /** Where upload events the verifier failed on (after Lambda's two retries) are kept. */
  readonly deadLetterQueues: Queue[] = [];

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const { bucket } = props;
    const bucketArn = `<${Stack.of(bucket).getLogicalId(bucket.node.defaultChild as never)}.Arn>`;

    for (const fn of Object.values(props.functions)) {
      const access = fn.spec.documents;
      if (!access || access.length === 0) continue;
      fn.lambda.addEnvironment(DOCUMENTS_BUCKET.envVar, bucket.bucketName);
      for (const { prefix, actions } of access) {
        const pattern = `${DOCUMENT_PREFIXES[prefix]}*`;
        fn.lambda.addToRolePolicy(
          new PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects(pattern)] }),
        );
        fn.acknowledgeWildcard(
          `Resource::${bucketArn}/${pattern}`,
          `Objects of the documents bucket under ${DOCUMENT_PREFIXES[prefix]} only: keys are attachment ids, ` +
            'unknown until an upload is asked for.',
        );
      }
      const writes = access.some(({ actions }) => actions.includes('s3:PutObject'));
      if (writes) {
        props.key.grantEncryptDecrypt(fn.lambda);
        fn.acknowledgeKeyWildcards();
      } else props.key.grantDecrypt(fn.lambda);
      if (props.malwareScan && access.some(({ actions }) => actions.includes('s3:GetObjectTagging'))) {
        fn.lambda.addEnvironment(MALWARE_SCAN_ENV, props.malwareScan);
      }
    }

    // S3 invokes asynchronously: Lambda retries a failed event twice, then it lands here (and
    // alarms); redriving it re-runs the idempotent verifier.
    for (const functionId of new Set(UPLOAD_NOTIFICATIONS.map((n) => n.function))) {
      const fn = props.functions[functionId];
      const failures = new Queue(this, `${fn.node.id}FailuresDlq`, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(failures).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the on-failure destination of the asynchronous ' +
          'invocations S3 notifications make (cdk-nag only recognises DLQs named in a redrive policy).',
      });
      fn.lambda.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(failures) });
      fn.acknowledgeKeyWildcards();
      this.deadLetterQueues.push(failures);
    }

    for (const notification of UPLOAD_NOTIFICATIONS) {
      const destination = new LambdaDestination(props.functions[notification.function].lambda);
      const filter = { prefix: DOCUMENT_PREFIXES[notification.prefix] };
      bucket.addEventNotification(EventType.OBJECT_CREATED, destination, filter);
      // GuardDuty tags the object when its scan ends: that event lets the verifier finish.
      if (props.malwareScan) bucket.addEventNotification(EventType.OBJECT_TAGGING_PUT, destination, filter);
    }
    acknowledgeNotificationsHandler(Stack.of(this));

    if (props.uploadOrigins.length > 0) {
      bucket.addCorsRule({
        allowedMethods: [HttpMethods.POST],
        allowedOrigins: [...props.uploadOrigins],
        allowedHeaders: ['*'],
        exposedHeaders: ['ETag'],
        maxAge: 3000,
      });
    }
  }
}

/**
 * CDK's one bucket-notifications handler (a singleton custom resource of the stack) runs with
 * the AWS managed basic execution policy: it is CDK's code, run at deploy time only, and the
 * construct adds that policy to whatever role it is given.
 */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node
    .findAll()
    .find((c) => c.node.id.startsWith('BucketNotificationsHandler') && c.node.scope === stack);
  if (!handler) return;
  const reason =
    'CDK’s BucketNotificationsHandler custom resource (runs at deploy time only to put the bucket ' +
    'notification configuration); its role is created by CDK with the basic execution policy.';
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason,
  });
}
