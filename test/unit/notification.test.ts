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
import { DOSSIER_STATUSES, type DossierStatus } from '#shared/domain/status.ts';
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
  it('the changes the applicant must act on or hear the outcome of, if they gave a contact', () => {
    const online = { ...filed(), channel: 'ONLINE' as const, status: 'SUBMITTED' as const };
    const step = (from: Dossier, status: DossierStatus): Dossier => ({
      ...from,
      status,
      version: from.version + 1,
    });
    // Filed on the portal: the portal confirms it; accepted: told, with the appointment date.
    expect(statusChangeOf(undefined, online)).toBeUndefined();
    const received = step(online, 'RECEIVED');
    expect(statusChangeOf(online, received)).toEqual({ dossierCode: CODE, version: 2, status: 'RECEIVED' });
    // An internal step, or the end of a supplement or payment they just made: not told.
    const started = step(received, 'IN_PROGRESS');
    expect(statusChangeOf(received, started)).toBeUndefined();
    const supplement = step(started, 'SUPPLEMENT_REQUESTED');
    expect(statusChangeOf(started, supplement)?.status).toBe('SUPPLEMENT_REQUESTED');
    expect(statusChangeOf(supplement, step(supplement, 'IN_PROGRESS'))).toBeUndefined();
    expect(statusChangeOf(started, step(started, 'PAYMENT_REQUESTED'))?.status).toBe('PAYMENT_REQUESTED');
    const resolved = step(started, 'RESOLVED');
    expect(statusChangeOf(started, resolved)).toEqual({ dossierCode: CODE, version: 4, status: 'RESOLVED' });
    // The result in their hands, their own withdrawal: not told. Refused or stopped: told.
    expect(statusChangeOf(resolved, step(resolved, 'RETURNED'))).toBeUndefined();
    expect(statusChangeOf(started, step(started, 'WITHDRAWN'))).toBeUndefined();
    expect(statusChangeOf(started, step(started, 'STOPPED'))?.status).toBe('STOPPED');
    expect(statusChangeOf(online, step(online, 'NOT_RECEIVED'))?.status).toBe('NOT_RECEIVED');
    // Overdue marks, paid-online marks, due-date corrections: same status, nothing told.
    const overdue: Dossier = { ...supplement, timeliness: 'OVERDUE' };
    expect(statusChangeOf(supplement, overdue)).toBeUndefined();
  });

  it('a filing at the counter is not told (the receipt is in hand), a postal one is', () => {
    expect(statusChangeOf(undefined, filed())).toBeUndefined();
    expect(statusChangeOf(undefined, { ...filed(), channel: 'POSTAL' })?.status).toBe('RECEIVED');
    expect(statusChangeOf(undefined, { ...filed({ phone: '0912345678' }), channel: 'POSTAL' })?.status).toBe(
      'RECEIVED',
    );
  });

  it('an applicant without a contact is not told', () => {
    const anonymous = { ...filed({}), channel: 'POSTAL' as const };
    expect(
      statusChangeOf(undefined, { ...anonymous, applicant: { ...anonymous.applicant, email: undefined } }),
    ).toBeUndefined();
  });

  it('a legacy dossier imported from an earlier system is not told', () => {
    const imported = { ...filed(), channel: 'POSTAL' as const, importedAt: '2025-08-01T08:00:00+07:00' };
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
