import { fromEnv } from '@aws-sdk/credential-provider-env';
import { PresignedUploadPolicies } from '#shared/adapters/upload-policies.ts';
import { DOCUMENTS_BUCKET } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

/** Upload policies of the documents bucket (endpoint: AWS_ENDPOINT_URL_S3 on an emulator, as the S3 client). */
export const uploadPolicies = once(
  () =>
    new PresignedUploadPolicies({
      bucket: requiredEnv(DOCUMENTS_BUCKET.envVar),
      region: requiredEnv('AWS_REGION'),
      credentials: fromEnv(),
      endpoint: process.env.AWS_ENDPOINT_URL_S3,
    }),
);
