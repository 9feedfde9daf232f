import { S3DocumentStorage } from '#shared/adapters/document-storage.ts';
import { s3 } from '#shared/adapters/s3-client.ts';
import { DOCUMENTS_BUCKET } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const documentStorage = once(() => new S3DocumentStorage(s3, requiredEnv(DOCUMENTS_BUCKET.envVar)));
