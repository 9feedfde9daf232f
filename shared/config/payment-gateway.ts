import {
  PAYMENT_GATEWAY_URL_ENV,
  PAYMENT_SECRET_ARN_ENV,
  PAYMENT_SECRET_ENV,
} from '#shared/config/runtime-names.ts';
import { deploymentSecret } from './secret.ts';

/** The secret the payment gateway signs callbacks with (and the payment pages are signed with). */
export const paymentSecret = (): Promise<string> =>
  deploymentSecret(PAYMENT_SECRET_ARN_ENV, PAYMENT_SECRET_ENV, 'sign and verify payment gateway messages');

/** The gateway's payment page, read when used (the local runtime knows its own URL only once it listens). */
export function paymentGatewayUrl(): string {
  const url = process.env[PAYMENT_GATEWAY_URL_ENV];
  if (!url) throw new Error(`set ${PAYMENT_GATEWAY_URL_ENV} to the payment gateway's page`);
  return url;
}
