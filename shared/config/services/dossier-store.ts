import { DynamoDossierStore } from '#shared/adapters/dossier-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const dossierStore = once(
  () => new DynamoDossierStore(documentClient, requiredEnv(TABLE_NAME_ENV.dossiers)),
);
