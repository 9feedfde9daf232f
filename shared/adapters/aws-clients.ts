/**
 * AWS SDK v3 clients, one per execution environment. They take their endpoints from the
 * standard environment (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, ...), which is how the
 * embedded local runtime points the same code at DynamoDB Local and fauxqs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#shared/runtime/powertools.ts';

export const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
export const sqs = tracer.captureAWSv3Client(new SQSClient({}));
