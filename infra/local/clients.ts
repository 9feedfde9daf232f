/**
 * The local runtime's own SDK clients (provisioning, seeding, pollers), pointed at the
 * emulators explicitly. Handlers build theirs from the environment, as in Lambda.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './constants.ts';
import type { Endpoints } from './emulators.ts';

export type AwsClients = {
  region: string;
  endpoints: Endpoints;
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  s3: S3Client;
  destroy(): void;
};

export function awsClients(endpoints: Endpoints, region: string = LOCAL_REGION): AwsClients {
  const base = { region, credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb });
  const streams = new DynamoDBStreamsClient({ ...base, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: endpoints.sqs });
  const s3 = new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true });
  return {
    region,
    endpoints,
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    streams,
    sqs,
    s3,
    destroy: () => {
      dynamodb.destroy();
      streams.destroy();
      sqs.destroy();
      s3.destroy();
    },
  };
}
