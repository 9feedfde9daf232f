import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoNotificationStore } from '#shared/adapters/notification-store.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const notificationStore = once(
  () => new DynamoNotificationStore(documentClient, requiredEnv(TABLE_NAME_ENV.dossiers)),
);
