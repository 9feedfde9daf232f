import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  type FunctionId,
  NOTIFY_EMAIL_FROM_ENV,
  NOTIFY_SMS_ORIGINATOR_ENV,
  NOTIFY_TRANSPORT_ENV,
  PUBLIC_LOOKUP_PATH,
  PUBLIC_LOOKUP_URL_ENV,
} from '../topology.ts';
import type { MotcuaFunction } from './lambda-function.ts';

/** Context keys of the notification settings (README, Deploy). */
export const NOTIFY_CONTEXT = {
  emailFrom: 'motcua:notifyEmailFrom',
  smsOriginator: 'motcua:notifySmsOriginator',
  publicLookupUrl: 'motcua:publicLookupUrl',
} as const;

export type NotificationsProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  /** The API's base URL: the lookup link's default is its `/tra-cuu`. */
  apiUrl: string;
};

const contextString = (scope: Construct, key: string): string | undefined => {
  const value = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${key} must be a string`);
  return value.trim();
};

/**
 * Where the notification sender sends (docs/api.md, Notifications): email through SES from the
 * identity `motcua:notifyEmailFrom` (verified in SES), SMS through End User Messaging from the
 * origination identity `motcua:notifySmsOriginator`; a channel left unset is not used. The
 * sender may send from those identities only.
 */
export class Notifications extends Construct {
  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const emailFrom = contextString(this, NOTIFY_CONTEXT.emailFrom);
    if (emailFrom !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(emailFrom)) {
      throw new Error(`${NOTIFY_CONTEXT.emailFrom} must be an email address (got "${emailFrom}")`);
    }
    const smsOriginator = contextString(this, NOTIFY_CONTEXT.smsOriginator);
    // The ARN (phone number, sender id or pool): the grant names it exactly.
    if (smsOriginator !== undefined && !/^arn:[\w-]+:sms-voice:[\w-]+:\d{12}:\S+$/.test(smsOriginator)) {
      throw new Error(
        `${NOTIFY_CONTEXT.smsOriginator} must be an End User Messaging origination identity ARN`,
      );
    }
    const lookupUrl = contextString(this, NOTIFY_CONTEXT.publicLookupUrl);
    const { region, account, partition } = Stack.of(this);
    for (const fn of Object.values(props.functions)) {
      if (fn.spec.serviceQueues?.notify !== 'consume') continue;
      fn.lambda.addEnvironment(NOTIFY_TRANSPORT_ENV, 'aws');
      fn.lambda.addEnvironment(
        PUBLIC_LOOKUP_URL_ENV,
        lookupUrl ?? `${props.apiUrl.replace(/\/$/, '')}${PUBLIC_LOOKUP_PATH}`,
      );
      if (emailFrom) {
        fn.lambda.addEnvironment(NOTIFY_EMAIL_FROM_ENV, emailFrom);
        const domain = emailFrom.slice(emailFrom.indexOf('@') + 1);
        fn.lambda.addToRolePolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              `arn:${partition}:ses:${region}:${account}:identity/${emailFrom}`,
              `arn:${partition}:ses:${region}:${account}:identity/${domain}`,
            ],
          }),
        );
      }
      if (smsOriginator) {
        fn.lambda.addEnvironment(NOTIFY_SMS_ORIGINATOR_ENV, smsOriginator);
        fn.lambda.addToRolePolicy(
          new PolicyStatement({
            actions: ['sms-voice:SendTextMessage'],
            resources: [smsOriginator],
          }),
        );
      }
    }
  }
}
