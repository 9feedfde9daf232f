/**
 * Powertools idempotency backed by the idempotency table: submissions keyed by client and
 * Idempotency-Key, consumed events keyed by event id.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoDb } from './dynamodb-client.ts';

export function idempotencyStore(tableName: string) {
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: dynamoDb });
}

export function idempotencyConfig(options: { key: string; payload?: string; expiresAfterSeconds: number }) {
  return new IdempotencyConfig({
    eventKeyJmesPath: options.key,
    ...(options.payload ? { payloadValidationJmesPath: options.payload } : {}),
    expiresAfterSeconds: options.expiresAfterSeconds,
    throwOnNoIdempotencyKey: true,
  });
}
