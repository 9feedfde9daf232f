import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const statsStore = once(() => new DynamoStatsStore(documentClient, requiredEnv(TABLE_NAME_ENV.stats)));
