import { TABLES } from '#infra/topology.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoPaymentStore } from '#shared/adapters/payment-store.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const paymentStore = once(
  () => new DynamoPaymentStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
