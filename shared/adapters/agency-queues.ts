/**
 * The fan-out queues, one per agency system. A routing message names the dossier and the
 * version that was routed, never the applicant: consumers read the dossier itself.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type RetryPolicy, retryDelaySeconds } from '#shared/domain/retry-schedule.ts';
import type { AgencyQueues, RoutingMessage } from '#shared/use-cases/ports.ts';

export class SqsAgencyQueues implements AgencyQueues {
  private readonly client: SQSClient;
  private readonly queueUrls: Record<string, string>;

  constructor(client: SQSClient, queueUrls: Record<string, string>) {
    this.client = client;
    this.queueUrls = queueUrls;
  }

  async send(message: RoutingMessage): Promise<void> {
    const QueueUrl = this.queueUrls[message.agencyId];
    if (!QueueUrl) throw new Error(`no queue for agency system ${message.agencyId}`);
    await this.client.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(message) }));
  }
}

/**
 * Capped exponential backoff through the queue (shared/domain/retry-schedule.ts): a message
 * that failed is hidden for `base × 2^(receives − 1)` seconds, at most the policy's cap,
 * instead of the queue's fixed visibility timeout. Best effort: if it cannot be set, the
 * visibility timeout applies.
 */
export class RetryDelays {
  private readonly client: SQSClient;
  private readonly queueUrlsByName: Map<string, string>;
  private readonly policy: RetryPolicy;

  constructor(client: SQSClient, queueUrls: Record<string, string>, policy: RetryPolicy) {
    this.client = client;
    this.queueUrlsByName = new Map(
      Object.values(queueUrls).map((url) => [url.split('/').at(-1) ?? url, url]),
    );
    this.policy = { ...policy, baseSeconds: Math.max(1, policy.baseSeconds) };
  }

  delaySeconds(receiveCount: number): number {
    return retryDelaySeconds(this.policy, receiveCount);
  }

  async backOff(record: {
    eventSourceARN: string;
    receiptHandle: string;
    attributes: { ApproximateReceiveCount: string };
  }) {
    const queueUrl = this.queueUrlsByName.get(record.eventSourceARN.split(':').at(-1) ?? '');
    if (!queueUrl) return;
    try {
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: this.delaySeconds(Number(record.attributes.ApproximateReceiveCount) || 1),
        }),
      );
    } catch {
      // The queue's own visibility timeout still brings the message back.
    }
  }
}
