/**
 * The local runtime's own SDK clients (provisioning, seeding, pollers), pointed at the
 * emulators explicitly. Handlers build theirs from the environment, as in Lambda.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalCredentials } from './constants.ts';
import type { Endpoints } from './emulators.ts';

/** Where the emulators are and who the runtime is to them (the emulators, or LocalResources). */
export type EmulatorAccess = { region: string; endpoints: Endpoints; credentials: LocalCredentials };

export type AwsClients = EmulatorAccess & {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  s3: S3Client;
  destroy(): void;
};

export function awsClients({ region, endpoints, credentials }: EmulatorAccess): AwsClients {
  const base = { region, credentials };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb });
  const streams = new DynamoDBStreamsClient({ ...base, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: endpoints.sqs });
  const s3 = new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true });
  return {
    region,
    endpoints,
    credentials,
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
