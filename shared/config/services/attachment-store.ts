import { TABLES } from '#infra/topology.ts';
import { DynamoAttachmentStore } from '#shared/adapters/attachment-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const attachmentStore = once(
  () => new DynamoAttachmentStore(documentClient, requiredEnv(TABLES.attachments.envVar)),
);
