/**
 * The portal sync queue: a message names the dossier and the version that changed, never the
 * applicant; the sender reads the dossier itself.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PortalSyncMessage } from '#shared/use-cases/sync-to-portal.ts';

export class SqsPortalSyncQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async send(message: PortalSyncMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
