/** The SQS client, one per execution environment (endpoint: AWS_ENDPOINT_URL_SQS, e.g. fauxqs). */
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { tracer } from '#shared/runtime/powertools.ts';

export const sqs = tracer.captureAWSv3Client(new SQSClient({ credentials: fromEnv() }));
