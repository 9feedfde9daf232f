import { describe, expect, it } from 'vitest';
import { UNITS } from '#shared/config/seed-catalog.ts';
import { type Dossier, openDossier } from '#shared/domain/dossier.ts';
import {
  maskRecipient,
  type Notification,
  renderStatusMessage,
  STATUS_NAMES_VI,
  statusChangeOf,
} from '#shared/domain/notification.ts';
import { DOSSIER_STATUSES } from '#shared/domain/status.ts';
import { sendStatusNotifications } from '#shared/use-cases/notifications.ts';
import {
  type NotificationStore,
  type NotificationTransport,
  PermanentDeliveryError,
} from '#shared/use-cases/ports.ts';
import {
  BIRTH_REGISTRATION,
  calendar,
  center,
  principals,
  procedure,
  submission,
} from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

const NOW = new Date('2025-07-15T09:00:00+07:00');
const CODE = '000.21.01.H49-250715-0001';
const LOOKUP = 'https://dichvucong.example.vn/tra-cuu';

function filed(contact: { email?: string; phone?: string } = { email: 'an.nguyen@example.com' }): Dossier {
  const competentUnit = UNITS.find((u) => u.unitId === 'hong-gai-pc');
  if (!competentUnit) throw new Error('no hong-gai-pc');
  const request = submission();
  return openDossier({
    request: { ...request, applicant: { ...request.applicant, ...contact } },
    procedure: procedure(BIRTH_REGISTRATION),
    center: center('hong-gai'),
    competentUnit,
    dossierCode: CODE,
    submittedBy: principals.hongGai,
    now: NOW,
    calendar,
  }).dossier;
}

describe('which changes are told', () => {
  it('a filing and every status change of an applicant with a contact, nothing else', () => {
    const dossier = filed();
    expect(statusChangeOf(undefined, dossier)).toEqual({ dossierCode: CODE, version: 1, status: 'RECEIVED' });
    const started = { ...dossier, status: 'IN_PROGRESS' as const, version: 2 };
    expect(statusChangeOf(dossier, started)).toEqual({
      dossierCode: CODE,
      version: 2,
      status: 'IN_PROGRESS',
    });
    // Overdue marks, paid-online marks, due-date corrections: same status, nothing told.
    const overdue: Dossier = { ...started, timeliness: 'OVERDUE' };
    expect(statusChangeOf(started, overdue)).toBeUndefined();
    const anonymous = filed({});
    expect(
      statusChangeOf(undefined, { ...anonymous, applicant: { ...anonymous.applicant, email: undefined } }),
    ).toBeUndefined();
    expect(statusChangeOf(undefined, filed({ phone: '0912345678' }))?.status).toBe('RECEIVED');
  });

  it('a legacy dossier imported from an earlier system is not told', () => {
    const imported = { ...filed(), importedAt: '2025-08-01T08:00:00+07:00' };
    expect(statusChangeOf(undefined, imported)).toBeUndefined();
    expect(statusChangeOf(undefined, { ...imported, importedAt: undefined })?.status).toBe('RECEIVED');
  });
});

describe('the templates', () => {
  it('every status has its Vietnamese name', () => {
    for (const status of DOSSIER_STATUSES) expect(STATUS_NAMES_VI[status]).toMatch(/\S/);
  });

  it('email and SMS carry the code, the status and the lookup link; neither names the applicant', () => {
    const dossier = { ...filed(), status: 'PAYMENT_REQUESTED' as const };
    const message = renderStatusMessage(dossier, LOOKUP);
    const link = `${LOOKUP}?ma=${encodeURIComponent(CODE)}`;
    expect(message.subject).toBe(`Hồ sơ ${CODE}: Yêu cầu thực hiện nghĩa vụ tài chính`);
    expect(message.text).toContain(link);
    expect(message.text).toContain('Vui lòng nộp phí, lệ phí');
    expect(message.text).toMatch(/Hẹn trả kết quả: \d\d\/\d\d\/\d{4} \d\d:\d\d\./);
    expect(message.sms).toBe(`Hồ sơ ${CODE}: Yêu cầu thực hiện nghĩa vụ tài chính. Tra cứu: ${link}`);
    for (const text of [message.subject, message.text, message.sms]) {
      expect(text).not.toContain(dossier.applicant.fullName);
      expect(text).not.toContain(dossier.applicant.idNumber);
    }
  });

  it('masks recipients', () => {
    expect(maskRecipient('EMAIL', 'an.nguyen@example.com')).toBe('a***@example.com');
    expect(maskRecipient('SMS', '0912345678')).toBe('******5678');
  });
});

function memoryNotifications(): NotificationStore & { items: Map<string, Notification> } {
  const items = new Map<string, Notification>();
  const keyOf = (n: Notification) => `${n.dossierCode}#${n.version}#${n.channel}`;
  return {
    items,
    async claim(n) {
      const current = items.get(keyOf(n));
      if (current && current.state !== 'SENDING') return 'done';
      items.set(keyOf(n), n);
      return 'claimed';
    },
    async finish(n) {
      items.set(keyOf(n), n);
    },
    async list(code) {
      return [...items.values()].filter((n) => n.dossierCode === code);
    },
  };
}

function transport(fail?: Error): NotificationTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    channels: ['EMAIL', 'SMS'],
    async send(channel, to, message) {
      if (fail) throw fail;
      sent.push(`${channel} ${to} ${message.subject}`);
      return { state: 'SENT', providerMessageId: `m-${sent.length}` };
    },
  };
}

describe('sending a status change', () => {
  const setUp = (contact: { email?: string; phone?: string }, fail?: Error) => {
    const deps = {
      dossiers: memoryDossierStore([filed(contact)]),
      notifications: memoryNotifications(),
      transport: transport(fail),
      lookupBaseUrl: LOOKUP,
      now: () => NOW,
    };
    return deps;
  };
  const change = { dossierCode: CODE, version: 1, status: 'RECEIVED' as const };

  it('sends once per channel the applicant gave, and a redelivered message sends nothing', async () => {
    const deps = setUp({ email: 'an.nguyen@example.com', phone: '0912345678' });
    const first = await sendStatusNotifications(deps, change);
    expect(first.map((n) => [n.channel, n.state, n.recipient])).toEqual([
      ['EMAIL', 'SENT', 'a***@example.com'],
      ['SMS', 'SENT', '******5678'],
    ]);
    expect(await sendStatusNotifications(deps, change)).toEqual([]);
    expect(deps.transport.sent).toHaveLength(2);
    // The next version is a new message.
    await sendStatusNotifications(deps, { ...change, version: 2, status: 'IN_PROGRESS' });
    expect(deps.transport.sent).toHaveLength(4);
  });

  it('only the channels configured: no SMS without an originator', async () => {
    const deps = setUp({ email: 'an.nguyen@example.com', phone: '0912345678' });
    deps.transport = Object.assign(transport(), { channels: ['EMAIL'] as const });
    expect((await sendStatusNotifications(deps, change)).map((n) => n.channel)).toEqual(['EMAIL']);
  });

  it('a refused address is FAILED for good; a provider outage is retried', async () => {
    const refused = setUp({ email: 'x@example.com' }, new PermanentDeliveryError('MessageRejected'));
    expect(await sendStatusNotifications(refused, change)).toEqual([
      expect.objectContaining({ state: 'FAILED', error: 'MessageRejected' }),
    ]);
    const down = setUp({ email: 'x@example.com' }, new Error('provider error ServiceUnavailable'));
    await expect(sendStatusNotifications(down, change)).rejects.toThrow('ServiceUnavailable');
    // The claim is left SENDING and taken again by the retry.
    down.transport = transport();
    expect((await sendStatusNotifications(down, change)).map((n) => n.state)).toEqual(['SENT']);
  });
});
