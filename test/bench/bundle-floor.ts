/**
 * The floor of `npm run bundles`: the baseline (test/bench/bundle-baseline.ts) plus what every
 * API function of motcua carries whatever it does: Powertools logger and metrics, middy and the
 * shared HTTP runtime (route scopes, the per-client throttle, problem answers). No zod, no
 * contract, no domain rules: no API function can import faster than this, so its ratio to the
 * baseline says what the 1.25× goal leaves for a function's own code.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { httpHandler } from '#shared/runtime/http.ts';

export const handler = httpHandler(async (request) => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: 'floor', Key: { pk: request.pathParameters.key } }),
  );
  return { status: 200, body: Item };
});
