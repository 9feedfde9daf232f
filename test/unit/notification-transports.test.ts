import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AwsNotificationTransport,
  LocalNotificationTransport,
  toE164,
} from '#shared/adapters/notification-transports.ts';
import { PermanentDeliveryError } from '#shared/use-cases/ports.ts';

const MESSAGE = { subject: 'Hồ sơ X: Đã tiếp nhận', text: 'Kính gửi Ông/Bà', sms: 'Hồ sơ X: Đã tiếp nhận' };
const ABOUT = { dossierCode: 'X', version: 1, status: 'RECEIVED' as const };

const ses = mockClient(SESv2Client);
const sms = mockClient(PinpointSMSVoiceV2Client);
afterEach(() => {
  ses.reset();
  sms.reset();
});

describe('the AWS transport', () => {
  it('configures only the channels whose identity is set', () => {
    expect(new AwsNotificationTransport({}).channels).toEqual([]);
    expect(new AwsNotificationTransport({ emailFrom: 'a@b.vn' }).channels).toEqual(['EMAIL']);
    expect(new AwsNotificationTransport({ emailFrom: 'a@b.vn', smsOriginator: 'arn:x' }).channels).toEqual([
      'EMAIL',
      'SMS',
    ]);
  });

  it('emails through SES in UTF-8 and texts through End User Messaging as transactional', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
    const transport = new AwsNotificationTransport({ emailFrom: 'no-reply@b.vn', smsOriginator: 'arn:x' });
    expect(await transport.send('EMAIL', 'an@example.com', MESSAGE)).toEqual({
      state: 'SENT',
      providerMessageId: 'ses-1',
    });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      FromEmailAddress: 'no-reply@b.vn',
      Destination: { ToAddresses: ['an@example.com'] },
      Content: { Simple: { Subject: { Data: MESSAGE.subject, Charset: 'UTF-8' } } },
    });
    expect(await transport.send('SMS', '0912 345 678', MESSAGE)).toEqual({
      state: 'SENT',
      providerMessageId: 'sms-1',
    });
    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toMatchObject({
      DestinationPhoneNumber: '+84912345678',
      OriginationIdentity: 'arn:x',
      MessageBody: MESSAGE.sms,
      MessageType: 'TRANSACTIONAL',
    });
  });

  it('a refused address is permanent, an outage is not; neither error carries the address', async () => {
    const transport = new AwsNotificationTransport({ emailFrom: 'no-reply@b.vn' });
    ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Email address is not verified: an@example.com'), {
        name: 'MessageRejected',
      }),
    );
    const refused = await transport.send('EMAIL', 'an@example.com', MESSAGE).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect(String((refused as Error).message)).not.toContain('an@example.com');
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    const down = await transport.send('EMAIL', 'an@example.com', MESSAGE).catch((e: unknown) => e);
    expect(down).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('writes Vietnamese numbers in E.164', () => {
    expect(toE164('0912345678')).toBe('+84912345678');
    expect(toE164('84912345678')).toBe('+84912345678');
    expect(toE164('+84 912 345 678')).toBe('+84912345678');
  });
});

describe('the local transport', () => {
  it('captures without a URL', async () => {
    expect(await new LocalNotificationTransport(undefined).send('EMAIL', 'a@b.vn', MESSAGE, ABOUT)).toEqual({
      state: 'CAPTURED',
    });
  });

  it('posts to MOTCUA_NOTIFY_URL: SENT on 2xx, an error to retry otherwise', async () => {
    const received: unknown[] = [];
    let status = 204;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const transport = new LocalNotificationTransport(url);
      expect(await transport.send('SMS', '0912345678', MESSAGE, ABOUT)).toEqual({ state: 'SENT' });
      expect(received[0]).toMatchObject({
        channel: 'SMS',
        to: '0912345678',
        dossierCode: 'X',
        sms: MESSAGE.sms,
      });
      status = 500;
      await expect(transport.send('SMS', '0912345678', MESSAGE, ABOUT)).rejects.toThrow('500');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
