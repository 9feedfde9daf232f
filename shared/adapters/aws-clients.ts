/**
 * AWS SDK v3 clients, one per execution environment, for the local runtime and tests. Functions
 * import the module of each client they use (dynamodb-client.ts, sqs-client.ts, s3-client.ts):
 * importing this one would put all three in their bundle.
 */
export { documentClient, dynamoDb } from './dynamodb-client.ts';
export { s3 } from './s3-client.ts';
export { sqs } from './sqs-client.ts';
