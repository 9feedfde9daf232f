/**
 * The fan-out queues, one per agency system. A routing message names the dossier and the
 * version that was routed, never the applicant: consumers read the dossier itself.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export type RoutingMessage = {
  /** `{dossierCode}#{version}#{agencyId}`: the same change routed twice has the same id. */
  eventId: string;
  dossierCode: string;
  version: number;
  status: string;
  agencyId: string;
};

export interface AgencyQueues {
  send(message: RoutingMessage): Promise<void>;
}

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
