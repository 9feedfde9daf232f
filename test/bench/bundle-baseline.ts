/**
 * The baseline of `npm run bundles`: the least an API function of motcua bundles (the DynamoDB
 * client, the document client and middy, with one client created). Cold imports are compared
 * with this bundle's, built with the same options.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = middy(async (event: { key: string }) =>
  documentClient.send(new GetCommand({ TableName: 'baseline', Key: { pk: event.key } })),
);
