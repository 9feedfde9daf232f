import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoPaymentStore } from '#shared/adapters/payment-store.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const paymentStore = once(
  () => new DynamoPaymentStore(documentClient, requiredEnv(TABLE_NAME_ENV.dossiers)),
);
