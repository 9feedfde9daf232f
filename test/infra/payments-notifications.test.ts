/**
 * The payment and notification resources in the template: the public callback route, the
 * gateway secret readable by its two functions only, the notify queue between the stream
 * router and the sender, and the SES / End User Messaging grants only when deploy settings name
 * the identities.
 */
import { describe, expect, test } from 'vitest';
import { FUNCTIONS, NOTIFY_QUEUE_URL_ENV, PAYMENT_SECRET_ARN_ENV } from '#infra/topology.ts';
import { PAYMENT_CALLBACK_REJECTIONS } from '#shared/domain/payment.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { byPath, methodRoutes } from './template.ts';

const { template } = defaultStack();
const pascal = (id: string) =>
  id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** A topology function's environment variables, by its spec id. */
const environmentOf = (specId: string) =>
  (
    byPath(template, 'AWS::Lambda::Function').get(`${pascal(specId)}/Function`)?.resource.Properties
      ?.Environment as { Variables?: Record<string, unknown> } | undefined
  )?.Variables;

describe('payments', () => {
  test('the gateway secret is handed to the functions that sign or verify, and only to them', () => {
    const paths = [...byPath(template, 'AWS::Lambda::Function').keys()];
    expect(paths).toContain('CreatePayment/Function');
    const withSecret = Object.values(FUNCTIONS)
      .filter((spec) => environmentOf(spec.id)?.[PAYMENT_SECRET_ARN_ENV] !== undefined)
      .map((spec) => spec.id)
      .sort();
    expect(withSecret).toEqual(['create-payment', 'payment-callback']);
  });

  test('the callback route has no authorizer (the gateway has no token); the others have one', () => {
    const routes = methodRoutes(template);
    expect(routes.get('POST /v1/payments/callback')?.Properties?.AuthorizationType).toBe('NONE');
    expect(routes.get('POST /v1/dossiers/{dossierCode}/payments')?.Properties?.AuthorizationType).toBe(
      'COGNITO_USER_POOLS',
    );
  });
});

describe('payment alarms', () => {
  test('a refused callback of any reason raises PaymentCallbackRejectedAlarm', () => {
    const alarm = [...byPath(template, 'AWS::CloudWatch::Alarm').entries()].find(([path]) =>
      path.endsWith('PaymentCallbackRejectedAlarm'),
    )?.[1].resource;
    expect(alarm?.Properties?.Threshold).toBe(0);
    const metrics = JSON.stringify(alarm?.Properties?.Metrics);
    for (const reason of PAYMENT_CALLBACK_REJECTIONS) expect(metrics).toContain(`"Value":"${reason}"`);
    expect(metrics).toContain('"MetricName":"PaymentCallbackRejected"');
  });
});

describe('notifications', () => {
  test('the router sends to the notify queue, the sender consumes it', () => {
    expect(environmentOf('route-dossier-events')?.[NOTIFY_QUEUE_URL_ENV]).toBeDefined();
    expect(environmentOf('send-notifications')?.[NOTIFY_QUEUE_URL_ENV]).toBeDefined();
  });

  test('SES and End User Messaging are granted only for the identities the deploy settings name', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('ses:SendEmail');
    const configured = synthVariant({
      'motcua:notifyEmailFrom': 'no-reply@dichvucong.example.vn',
      'motcua:notifySmsOriginator': 'arn:aws:sms-voice:ap-southeast-1:123456789012:phone-number/phone-1',
    });
    const text = JSON.stringify(configured.template.toJSON());
    expect(text).toContain('ses:SendEmail');
    expect(text).toContain('identity/no-reply@dichvucong.example.vn');
    expect(text).toContain('sms-voice:SendTextMessage');
    expect(text).toContain('phone-number/phone-1');
    expect(() => synthVariant({ 'motcua:notifySmsOriginator': 'phone-1' })).toThrow(
      /origination identity ARN/,
    );
  });
});
