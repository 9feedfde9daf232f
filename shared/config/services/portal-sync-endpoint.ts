import { HttpPortalSync, UnconfiguredPortalSync } from '#shared/adapters/portal-sync-endpoint.ts';
import {
  PORTAL_SYNC_SECRET_ARN_ENV,
  PORTAL_SYNC_URL_ENV,
  WEBHOOK_SECRET_ENV,
} from '#shared/config/runtime-names.ts';
import { deploymentSecret } from '../secret.ts';
import { once } from './once.ts';

/**
 * The national portal's sync endpoint, signed with its own secret in AWS (locally the webhook
 * secret); without a URL (local runtime) nothing is posted and messages stay queued.
 */
export const portalSyncEndpoint = once(() => {
  const url = process.env[PORTAL_SYNC_URL_ENV]?.trim();
  if (!url) return new UnconfiguredPortalSync();
  return new HttpPortalSync(url, () =>
    deploymentSecret(PORTAL_SYNC_SECRET_ARN_ENV, WEBHOOK_SECRET_ENV, 'sign portal sync posts'),
  );
});
