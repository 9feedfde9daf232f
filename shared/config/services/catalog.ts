import { TABLES } from '#infra/topology.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { requiredEnv } from '../env.ts';
import { officeHours } from '../office-hours.ts';
import { once } from './once.ts';

export const catalog = once(
  () => new DynamoCatalog(documentClient, requiredEnv(TABLES.catalog.envVar), officeHours()),
);
