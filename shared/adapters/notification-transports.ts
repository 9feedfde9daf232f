/**
 * Where notifications go. In AWS: email through Amazon SES (SESv2 SendEmail) from the
 * configured identity, SMS through AWS End User Messaging (SendTextMessage, transactional)
 * from the configured originator; a channel without its setting is not configured. Locally:
 * captured (recorded CAPTURED, listed per dossier) or posted as JSON to MOTCUA_NOTIFY_URL.
 * Errors carry the provider's error name only, never the address.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { NotificationChannel, RenderedMessage, StatusChange } from '#shared/domain/notification.ts';
import {
  type Delivery,
  type NotificationTransport,
  PermanentDeliveryError,
} from '#shared/use-cases/ports.ts';

/** Provider errors that no retry can fix: the address or number is refused. */
const PERMANENT = new Set([
  'MessageRejected',
  'BadRequestException',
  'ValidationException',
  'AccountSuspendedException',
]);

const providerError = (error: unknown): Error => {
  const name = error instanceof Error ? error.name : 'Error';
  return PERMANENT.has(name) ? new PermanentDeliveryError(name) : new Error(`provider error ${name}`);
};

export type AwsTransportSettings = { emailFrom?: string | undefined; smsOriginator?: string | undefined };

export class AwsNotificationTransport implements NotificationTransport {
  readonly channels: readonly NotificationChannel[];
  private readonly settings: AwsTransportSettings;
  private ses: SESv2Client | undefined;
  private sms: PinpointSMSVoiceV2Client | undefined;

  constructor(settings: AwsTransportSettings) {
    this.settings = settings;
    this.channels = [
      ...(settings.emailFrom ? (['EMAIL'] as const) : []),
      ...(settings.smsOriginator ? (['SMS'] as const) : []),
    ];
  }

  async send(channel: NotificationChannel, to: string, message: RenderedMessage): Promise<Delivery> {
    try {
      if (channel === 'EMAIL') {
        this.ses ??= new SESv2Client({ credentials: fromEnv() });
        const sent = await this.ses.send(
          new SendEmailCommand({
            FromEmailAddress: this.settings.emailFrom,
            Destination: { ToAddresses: [to] },
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
              },
            },
          }),
        );
        return { state: 'SENT', providerMessageId: sent.MessageId };
      }
      this.sms ??= new PinpointSMSVoiceV2Client({ credentials: fromEnv() });
      const sent = await this.sms.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: toE164(to),
          OriginationIdentity: this.settings.smsOriginator,
          MessageBody: message.sms,
          MessageType: 'TRANSACTIONAL',
        }),
      );
      return { state: 'SENT', providerMessageId: sent.MessageId };
    } catch (error) {
      throw providerError(error);
    }
  }
}

/** A Vietnamese number as End User Messaging takes it: 0912345678 → +84912345678. */
export const toE164 = (phone: string): string => {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('84')) return `+${digits}`;
  return `+84${digits.replace(/^0/, '')}`;
};

/** The local runtime's transport: every channel, captured or posted to `notifyUrl`. */
export class LocalNotificationTransport implements NotificationTransport {
  readonly channels: readonly NotificationChannel[] = ['EMAIL', 'SMS'];
  private readonly notifyUrl: string | undefined;

  constructor(notifyUrl: string | undefined) {
    this.notifyUrl = notifyUrl;
  }

  async send(
    channel: NotificationChannel,
    to: string,
    message: RenderedMessage,
    about: StatusChange,
  ): Promise<Delivery> {
    if (!this.notifyUrl) return { state: 'CAPTURED' };
    const response = await fetch(this.notifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, to, ...about, ...message }),
      signal: AbortSignal.timeout(5_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the notification receiver answered ${response.status}`);
    return { state: 'SENT' };
  }
}
