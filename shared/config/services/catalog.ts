import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { officeHours } from '../office-hours.ts';
import { once } from './once.ts';

export const catalog = once(
  () => new DynamoCatalog(documentClient, requiredEnv(TABLE_NAME_ENV.catalog), officeHours()),
);
