import { s3 } from '#shared/adapters/s3-client.ts';
import { S3UploadPolicies } from '#shared/adapters/upload-policies.ts';
import { DOCUMENTS_BUCKET } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const uploadPolicies = once(() => new S3UploadPolicies(s3, requiredEnv(DOCUMENTS_BUCKET.envVar)));
