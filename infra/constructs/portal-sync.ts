import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  DEFAULT_RETRY_BASE_SECONDS,
  type FunctionId,
  PORTAL_SYNC_SECRET_ARN_ENV,
  PORTAL_SYNC_URL_ENV,
  RETRY_BASE_SECONDS_ENV,
} from '../topology.ts';
import { output } from './api.ts';
import type { MotcuaFunction } from './lambda-function.ts';

/** The national portal's sync endpoint (https); unset: messages stay queued (then in the DLQ). */
export const PORTAL_SYNC_URL_CONTEXT = 'motcua:portalSyncUrl';

/** The `motcua:portalSyncUrl` context value: an https URL, or nothing. */
export function parsePortalSyncUrl(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !URL.canParse(value) || new URL(value).protocol !== 'https:') {
    throw new Error(`${PORTAL_SYNC_URL_CONTEXT}: must be an https:// URL (got ${JSON.stringify(value)})`);
  }
  return value;
}

export type PortalSyncProps = { functions: Record<FunctionId, MotcuaFunction>; key: IKey };

/**
 * Status sync to the national portal: the portal's URL from the deploy setting and the HMAC
 * secret sync posts are signed with (X-Motcua-Signature, as the agency webhooks), a Secrets
 * Manager secret readable only by the functions that consume the sync queue.
 */
export class PortalSync extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: PortalSyncProps) {
    super(scope, id);
    const url = parsePortalSyncUrl(this.node.tryGetContext(PORTAL_SYNC_URL_CONTEXT));
    this.secret = new Secret(this, 'Secret', {
      description:
        'motcua: HMAC-SHA256 key of the status sync posts to the national portal (X-Motcua-Signature)',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key is shared with the national portal, which verifies every signature with it: a rotation is ' +
        'agreed with the portal and done by hand (the sender re-reads it every five minutes).',
    });
    output(
      this,
      'PortalSyncSecretArn',
      this.secret.secretArn,
      'Secret that signs status sync posts to the national portal',
    );
    for (const fn of Object.values(props.functions)) {
      if (fn.spec.serviceQueues?.['portal-sync'] !== 'consume') continue;
      fn.lambda.addEnvironment(PORTAL_SYNC_SECRET_ARN_ENV, this.secret.secretArn);
      fn.lambda.addEnvironment(RETRY_BASE_SECONDS_ENV, String(DEFAULT_RETRY_BASE_SECONDS));
      if (url) fn.lambda.addEnvironment(PORTAL_SYNC_URL_ENV, url);
      this.secret.grantRead(fn.lambda);
    }
  }
}
