import { TABLES } from '#infra/topology.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoNotificationStore } from '#shared/adapters/notification-store.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const notificationStore = once(
  () => new DynamoNotificationStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
