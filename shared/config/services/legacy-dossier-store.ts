import { TABLES } from '#infra/topology.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { DynamoLegacyDossierStore } from '#shared/adapters/legacy-dossier-store.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const legacyDossierStore = once(
  () => new DynamoLegacyDossierStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
