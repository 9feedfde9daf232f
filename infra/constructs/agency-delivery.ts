import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AGENCY_WEBHOOKS_ENV,
  type AgencySystemId,
  DEFAULT_RETRY_BASE_SECONDS,
  type FunctionId,
  RETRY_BASE_SECONDS_ENV,
  WEBHOOK_SECRET_ARN_ENV,
} from '../topology.ts';
import { output } from './api.ts';
import type { MotcuaFunction } from './lambda-function.ts';

/** Length of the generated webhook secret (letters and digits only: easy to paste into agency systems). */
export const WEBHOOK_SECRET_LENGTH = 48;

export type AgencyDeliveryProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  key: IKey;
  /** Validated `motcua:agencyWebhooks` (see settings.ts). */
  webhooks: Partial<Record<AgencySystemId, string>>;
};

/**
 * Delivery to the agency systems' own endpoints: the HMAC secret webhooks are signed with (a
 * Secrets Manager secret readable only by the functions whose spec says `usesWebhookSecret`),
 * the endpoints from the context, and the retry base of the functions that consume the agency
 * queues (they back off through ChangeMessageVisibility, which their event source mapping's
 * consume grant already allows).
 */
export class AgencyDelivery extends Construct {
  /** The webhook secret; undefined when no function signs webhooks. */
  readonly webhookSecret: Secret | undefined;

  constructor(scope: Construct, id: string, props: AgencyDeliveryProps) {
    super(scope, id);
    const signers = Object.values(props.functions).filter((fn) => fn.spec.usesWebhookSecret);
    if (signers.length > 0) {
      const secret = new Secret(this, 'WebhookSecret', {
        description:
          'motcua: HMAC-SHA256 key of the agency webhooks (X-Motcua-Signature); shared with the agency systems',
        encryptionKey: props.key,
        generateSecretString: { passwordLength: WEBHOOK_SECRET_LENGTH, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The webhook secret is shared with the agency systems, which verify every signature with it: a ' +
          'rotation must be agreed and carried out with them, so operators rotate it by hand together with ' +
          'the agencies (handlers re-read it every five minutes), never on an automatic schedule.',
      });
      const webhooks = JSON.stringify(props.webhooks);
      for (const fn of signers) {
        fn.lambda.addEnvironment(WEBHOOK_SECRET_ARN_ENV, secret.secretArn);
        fn.lambda.addEnvironment(AGENCY_WEBHOOKS_ENV, webhooks);
        secret.grantRead(fn.lambda);
      }
      output(
        this,
        'WebhookSecretArn',
        secret.secretArn,
        'Secret that signs agency webhooks (share it with the agencies)',
      );
      this.webhookSecret = secret;
    }
    for (const fn of Object.values(props.functions)) {
      if (fn.spec.agencyQueues === 'consume') {
        fn.lambda.addEnvironment(RETRY_BASE_SECONDS_ENV, String(DEFAULT_RETRY_BASE_SECONDS));
      }
    }
  }
}
