import { TABLES } from '#infra/topology.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const statsStore = once(() => new DynamoStatsStore(documentClient, requiredEnv(TABLES.stats.envVar)));
