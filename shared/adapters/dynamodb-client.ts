/**
 * The DynamoDB clients, one per execution environment. Like every client module here it takes
 * its endpoint from the standard environment (AWS_ENDPOINT_URL_DYNAMODB, ...), which is how the
 * embedded local runtime points the same code at DynamoDB Local. One module per service, so a
 * bundle holds only the SDK clients its function uses.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoDb = new DynamoDBClient({ credentials: fromEnv() });
export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
