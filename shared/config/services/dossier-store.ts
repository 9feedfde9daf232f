import { TABLES } from '#infra/topology.ts';
import { DynamoDossierStore } from '#shared/adapters/dossier-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const dossierStore = once(
  () => new DynamoDossierStore(documentClient, requiredEnv(TABLES.dossiers.envVar)),
);
