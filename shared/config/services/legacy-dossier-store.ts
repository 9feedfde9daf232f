import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoLegacyDossierStore } from '#shared/adapters/legacy-dossier-store.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const legacyDossierStore = once(
  () => new DynamoLegacyDossierStore(documentClient, requiredEnv(TABLE_NAME_ENV.dossiers)),
);
