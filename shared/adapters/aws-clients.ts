/**
 * AWS SDK v3 clients, one per execution environment. They take their endpoints from the
 * standard environment (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, ...), which is how the
 * embedded local runtime points the same code at DynamoDB Local and fauxqs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#shared/runtime/powertools.ts';

export const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
export const sqs = tracer.captureAWSv3Client(new SQSClient({}));
// An emulator endpoint (local runtime) takes path-style addressing; AWS uses virtual hosts.
export const s3 = tracer.captureAWSv3Client(
  new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }),
);
