import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type FunctionId, PAYMENT_GATEWAY_URL_ENV, PAYMENT_SECRET_ARN_ENV } from '../topology.ts';
import { output } from './api.ts';
import type { MotcuaFunction } from './lambda-function.ts';

/** Context key of the payment gateway's page (the merchant's pay URL it issued). */
export const PAYMENT_GATEWAY_URL_CONTEXT = 'motcua:paymentGatewayUrl';
/** Where payment pages open when the context names no gateway: VNPay's sandbox. */
export const DEFAULT_PAYMENT_GATEWAY_URL = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html';

export type PaymentsProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  key: IKey;
};

/**
 * The online payment gateway (docs/api.md, Payments): the secret it signs with, readable only by
 * the functions whose spec says `usesPaymentSecret`, and its payment page from the context.
 * The gateway issues the secret: operators put it in the secret after deploying (the generated
 * value only keeps the callbacks closed until then).
 */
export class Payments extends Construct {
  readonly gatewaySecret: Secret | undefined;

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    const users = Object.values(props.functions).filter((fn) => fn.spec.usesPaymentSecret);
    if (users.length === 0) return;
    const raw = this.node.tryGetContext(PAYMENT_GATEWAY_URL_CONTEXT);
    const pageUrl = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_PAYMENT_GATEWAY_URL;
    if (!/^https:\/\/[^\s/]+\/\S*$/.test(pageUrl)) {
      throw new Error(`${PAYMENT_GATEWAY_URL_CONTEXT} must be an https URL (got "${pageUrl}")`);
    }
    const secret = new Secret(this, 'GatewaySecret', {
      description:
        'motcua: HMAC-SHA512 secret of the payment gateway (its hash secret); set from the gateway',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The payment gateway issues this secret and signs its callbacks with it: it changes when the gateway ' +
        'issues a new one, which operators then store here by hand; it cannot rotate on a schedule of ours.',
    });
    for (const fn of users) {
      fn.lambda.addEnvironment(PAYMENT_SECRET_ARN_ENV, secret.secretArn);
      fn.lambda.addEnvironment(PAYMENT_GATEWAY_URL_ENV, pageUrl);
      secret.grantRead(fn.lambda);
    }
    output(
      this,
      'PaymentGatewaySecretArn',
      secret.secretArn,
      'Secret of the payment gateway (store its hash secret)',
    );
    this.gatewaySecret = secret;
  }
}
