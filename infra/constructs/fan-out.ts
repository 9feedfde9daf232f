import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_QUEUES,
  CONSUMERS,
  type ConsumerSpec,
  DEAD_LETTER_RETENTION_SECONDS,
  deadLetterQueuePhysicalName,
  type FunctionId,
  QUEUE_RETENTION_SECONDS,
  type QueueSpec,
  queuePhysicalName,
  queueVisibilityTimeoutSeconds,
  SERVICE_QUEUES,
  type ServiceQueueSpec,
  type TableId,
  type TargetQueueSpec,
} from '../topology.ts';
import { type MotcuaFunction, pascalCase } from './lambda-function.ts';

/** Dead-letter queues outlive their sources (a message keeps its enqueue time when moved). */
const RETENTION = Duration.seconds(DEAD_LETTER_RETENTION_SECONDS);
const SOURCE_RETENTION = Duration.seconds(QUEUE_RETENTION_SECONDS);

type StreamConsumer = Extract<ConsumerSpec, { retryAttempts: number }>;
const isStreamConsumer = (consumer: ConsumerSpec): consumer is StreamConsumer => consumer.kind === 'stream';

export type AgencyQueue = { spec: QueueSpec; queue: Queue; deadLetterQueue: Queue };
export type ServiceQueue = { spec: ServiceQueueSpec; queue: Queue; deadLetterQueue: Queue };

export type FanOutProps = {
  key: IKey;
  tables: Record<TableId, Table>;
  functions: Record<FunctionId, MotcuaFunction>;
};

/**
 * Dossier events out of the dossiers table's stream, into one queue per agency system and the
 * service's own queues (portal sync, notify): the topology's AGENCY_QUEUES and SERVICE_QUEUES
 * (each with its DLQ) and CONSUMERS (the event source mappings), plus the queue URLs and send
 * grants for the functions that route.
 */
export class FanOut extends Construct {
  readonly agencyQueues: AgencyQueue[];
  /** The service's own queues (SERVICE_QUEUES: portal sync, notify), each with its DLQ. */
  readonly serviceQueues: ServiceQueue[];
  /** Every dead-letter queue here: one per agency and service queue, one per stream consumer. */
  readonly deadLetterQueues: Queue[] = [];
  /** Functions reading a table stream (their iterator age is worth an alarm). */
  readonly streamConsumers: MotcuaFunction[] = [];
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    this.key = props.key;

    this.agencyQueues = AGENCY_QUEUES.map((spec) => this.queueWithDlq(spec));
    this.serviceQueues = SERVICE_QUEUES.map((spec) => this.queueWithDlq(spec));

    for (const fn of Object.values(props.functions)) {
      if (fn.spec.agencyQueues) this.bindAgencyQueues(fn, fn.spec.agencyQueues);
      for (const service of this.serviceQueues) {
        const use = fn.spec.serviceQueues?.[service.spec.id];
        if (use) this.bindServiceQueue(fn, service, use);
      }
    }
    for (const consumer of CONSUMERS) this.connect(consumer, props);
  }

  /** A source queue and its dead-letter queue, named after the stack (one per stage). */
  private queueWithDlq<S extends TargetQueueSpec>(
    spec: S,
  ): { spec: S; queue: Queue; deadLetterQueue: Queue } {
    const name = pascalCase(spec.id);
    // Named after the stack (one per stage), so `npm run redrive -- <queue id>` finds them.
    const prefix = Stack.of(this).stackName;
    const deadLetterQueue = this.queue(`${name}Dlq`, {
      queueName: deadLetterQueuePhysicalName(prefix, spec.id),
      retentionPeriod: RETENTION,
    });
    const queue = this.queue(name, {
      queueName: queuePhysicalName(prefix, spec.id),
      visibilityTimeout: Duration.seconds(queueVisibilityTimeoutSeconds(spec)),
      retentionPeriod: SOURCE_RETENTION,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
    this.deadLetterQueues.push(deadLetterQueue);
    return { spec, queue, deadLetterQueue };
  }

  /** The queue's URL variable; for `send`, sqs:SendMessage on that queue only. */
  private bindServiceQueue(fn: MotcuaFunction, service: ServiceQueue, use: 'send' | 'consume'): void {
    fn.lambda.addEnvironment(service.spec.urlEnv, service.queue.queueUrl);
    if (use === 'send') {
      service.queue.grantSendMessages(fn.lambda);
      fn.acknowledgeKeyWildcards();
    }
  }

  /**
   * `AGENCY_QUEUE_URLS={ agencyId: queueUrl }`; for `send`, sqs:SendMessage on those queues only
   * (consumers get their grants from their event source mappings).
   */
  private bindAgencyQueues(fn: MotcuaFunction, use: 'send' | 'consume'): void {
    const urls = Object.fromEntries(
      this.agencyQueues.map(({ spec, queue }) => [spec.agencyId, queue.queueUrl]),
    );
    fn.lambda.addEnvironment(AGENCY_QUEUE_URLS_ENV, Stack.of(this).toJsonString(urls));
    if (use === 'send') {
      for (const { queue } of this.agencyQueues) queue.grantSendMessages(fn.lambda);
      fn.acknowledgeKeyWildcards();
    }
  }

  private connect(consumer: ConsumerSpec, props: FanOutProps): void {
    const fn = props.functions[consumer.function];
    if (isStreamConsumer(consumer)) {
      // Records that still fail after the retries (and bisecting) are described in this queue;
      // the records themselves stay in the stream for its 24 hours of retention.
      const failures = this.queue(`${pascalCase(fn.spec.id)}FailuresDlq`, { retentionPeriod: RETENTION });
      Validations.of(failures).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the on-failure destination of the stream event ' +
          'source mapping (cdk-nag only recognises DLQs named in a redrive policy or a function DLQ).',
      });
      this.deadLetterQueues.push(failures);
      this.streamConsumers.push(fn);
      fn.lambda.addEventSource(
        new DynamoEventSource(props.tables[consumer.table], {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
          retryAttempts: consumer.retryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          parallelizationFactor: consumer.parallelizationFactor,
          onFailure: new SqsDlq(failures),
        }),
      );
      fn.acknowledgeKeyWildcards();
      return;
    }
    const queueId = consumer.queue;
    const source = [...this.agencyQueues, ...this.serviceQueues].find(({ spec }) => spec.id === queueId);
    if (!source) throw new Error(`consumer ${consumer.function} reads unknown queue ${queueId}`);
    fn.lambda.addEventSource(
      new SqsEventSource(source.queue, {
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: consumer.maxConcurrency,
      }),
    );
  }

  private queue(id: string, props: ConstructorParameters<typeof Queue>[2]): Queue {
    return new Queue(this, id, {
      ...props,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
