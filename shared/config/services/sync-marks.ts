import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoSyncMarks } from '#shared/adapters/sync-marks.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const syncMarks = once(
  () => new DynamoSyncMarks(documentClient, requiredEnv(TABLE_NAME_ENV.dossiers)),
);
