import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type StatusChange, statusChangeId } from '#shared/domain/notification.ts';
import type { NotifyQueue } from '#shared/use-cases/ports.ts';

/** The notify queue: one message per status change told (codes and statuses only, no contact). */
export class SqsNotifyQueue implements NotifyQueue {
  private readonly sqs: SQSClient;
  private readonly queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  async send(change: StatusChange): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ ...change, id: statusChangeId(change) }),
      }),
    );
  }
}
