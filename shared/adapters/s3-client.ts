/** The S3 client, one per execution environment (endpoint: AWS_ENDPOINT_URL_S3, e.g. fauxqs). */
import { S3Client } from '@aws-sdk/client-s3';
import { fromEnv } from '@aws-sdk/credential-provider-env';

// An emulator endpoint (local runtime) takes path-style addressing; AWS uses virtual hosts.
export const s3 = new S3Client({
  credentials: fromEnv(),
  forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
});
