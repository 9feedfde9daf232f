import {
  AwsNotificationTransport,
  LocalNotificationTransport,
} from '#shared/adapters/notification-transports.ts';
import {
  NOTIFY_EMAIL_FROM_ENV,
  NOTIFY_SMS_ORIGINATOR_ENV,
  NOTIFY_TRANSPORT_ENV,
  NOTIFY_URL_ENV,
  PUBLIC_LOOKUP_URL_ENV,
} from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

/** SES and End User Messaging in AWS; locally (MOTCUA_NOTIFY_TRANSPORT=local) captured or posted. */
export const notificationTransport = once(() =>
  process.env[NOTIFY_TRANSPORT_ENV] === 'local'
    ? new LocalNotificationTransport(process.env[NOTIFY_URL_ENV] || undefined)
    : new AwsNotificationTransport({
        emailFrom: process.env[NOTIFY_EMAIL_FROM_ENV] || undefined,
        smsOriginator: process.env[NOTIFY_SMS_ORIGINATOR_ENV] || undefined,
      }),
);
/** The public lookup page messages link to, read when used (locally known once the server listens). */
export const publicLookupUrl = (): string => requiredEnv(PUBLIC_LOOKUP_URL_ENV);
