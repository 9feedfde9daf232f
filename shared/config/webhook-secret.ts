import { WEBHOOK_SECRET_ARN_ENV, WEBHOOK_SECRET_ENV } from '#shared/config/runtime-names.ts';
import { deploymentSecret } from './secret.ts';

/** The HMAC secret of webhooks (rotated with the agencies: see the README, Agency webhooks). */
export const webhookSecret = (): Promise<string> =>
  deploymentSecret(WEBHOOK_SECRET_ARN_ENV, WEBHOOK_SECRET_ENV, 'sign agency webhooks');
