import { HmacPaymentGateway } from '#shared/adapters/payment-gateway.ts';
import { paymentGatewayUrl, paymentSecret } from '../payment-gateway.ts';
import { once } from './once.ts';

export const paymentGateway = once(() => new HmacPaymentGateway(paymentGatewayUrl, paymentSecret));
