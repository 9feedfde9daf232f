/** The SQS client, one per execution environment (endpoint: AWS_ENDPOINT_URL_SQS, e.g. fauxqs). */
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const sqs = new SQSClient({ credentials: fromEnv() });
