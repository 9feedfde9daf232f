import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { WEBHOOK_SECRET_ARN_ENV, WEBHOOK_SECRET_ENV } from '#infra/topology.ts';

/**
 * The HMAC secret of webhooks: from Secrets Manager in AWS (cached five minutes, so a rotated
 * secret takes effect without a deploy), or from the environment in local mode.
 */
export async function webhookSecret(): Promise<string> {
  const arn = process.env[WEBHOOK_SECRET_ARN_ENV];
  if (arn) {
    const secret = await getSecret(arn, { maxAge: 300 });
    if (typeof secret !== 'string' || secret.length === 0) throw new Error('webhook secret is empty');
    return secret;
  }
  const local = process.env[WEBHOOK_SECRET_ENV];
  if (!local)
    throw new Error(`set ${WEBHOOK_SECRET_ENV} (or ${WEBHOOK_SECRET_ARN_ENV}) to sign agency webhooks`);
  return local;
}
