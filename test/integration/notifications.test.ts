/**
 * Notifications on DynamoDB Local: the message of a dossier version on a channel is sent once
 * however often its queue message comes, also when deliveries of it run at the same time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationTransport } from '#shared/use-cases/ports.ts';
import { principals, submission } from '../fixtures/catalog.ts';
import { emulatorClients, fileDossier, useEmulators } from './emulators.ts';

useEmulators();
const clients = emulatorClients();
afterAll(() => clients.destroy());

const { dossierStore, notificationStore } = await import('#shared/config/services.ts');
const { sendStatusNotifications, listDossierNotifications } = await import(
  '#shared/use-cases/notifications.ts'
);

function countingTransport(): NotificationTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    channels: ['EMAIL', 'SMS'],
    async send(channel, _to, message) {
      sent.push(`${channel} ${message.subject}`);
      return { state: 'SENT', providerMessageId: `m-${sent.length}` };
    },
  };
}

describe('notifications on DynamoDB Local', () => {
  it('five deliveries of one change at once: one message per channel, listed with its state', async () => {
    const request = submission();
    const dossier = await fileDossier(
      principals.hongGai,
      { ...request, applicant: { ...request.applicant, email: 'an@example.com', phone: '0912345678' } },
      new Date(),
    );
    const transport = countingTransport();
    const deps = {
      dossiers: dossierStore(),
      notifications: notificationStore(),
      transport,
      lookupBaseUrl: 'http://127.0.0.1:9/tra-cuu',
      now: () => new Date(),
    };
    const change = { dossierCode: dossier.dossierCode, version: 1, status: dossier.status };
    await Promise.all([1, 2, 3, 4, 5].map(() => sendStatusNotifications(deps, change)));
    expect(transport.sent.sort()).toEqual([
      `EMAIL Hồ sơ ${dossier.dossierCode}: Đã tiếp nhận`,
      `SMS Hồ sơ ${dossier.dossierCode}: Đã tiếp nhận`,
    ]);
    const listed = await listDossierNotifications(deps, principals.hongGai, dossier.dossierCode);
    expect(listed.map((n) => [n.version, n.channel, n.state, n.recipient])).toEqual([
      [1, 'EMAIL', 'SENT', 'a***@example.com'],
      [1, 'SMS', 'SENT', '******5678'],
    ]);
    // The dossier and its history are untouched by the messages in its partition.
    const read = await dossierStore().getWithHistory(dossier.dossierCode);
    expect(read?.history).toHaveLength(1);
  });
});
