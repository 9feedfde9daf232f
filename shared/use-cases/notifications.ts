/**
 * Telling applicants about their dossier (docs/api.md, Notifications): the notify queue's
 * messages sent once per dossier version and channel, and the list of what was sent.
 */
import { maySee, type Principal } from '#shared/domain/access.ts';
import { notFound } from '#shared/domain/errors.ts';
import {
  maskRecipient,
  type Notification,
  type NotificationChannel,
  renderStatusMessage,
  type StatusChange,
} from '#shared/domain/notification.ts';
import { toVietnamIso } from '#shared/domain/time.ts';
import {
  type DossierStore,
  type NotificationStore,
  type NotificationTransport,
  PermanentDeliveryError,
} from './ports.ts';

export type NotifyDeps = {
  dossiers: DossierStore;
  notifications: NotificationStore;
  transport: NotificationTransport;
  lookupBaseUrl: string;
  now: () => Date;
};

/**
 * Sends the messages of one status change:
 * 1. reads the dossier (gone: nothing to tell) and renders the change's message;
 * 2. for each configured channel the applicant gave a contact for, claims the message of this
 *    version on this channel; one already decided is skipped (queue redeliveries send nothing);
 * 3. hands it to the provider and records SENT or CAPTURED; a refused address is FAILED for
 *    good; any other error is thrown so the queue retries it (then the DLQ).
 * Returns what was recorded.
 */
export async function sendStatusNotifications(
  deps: NotifyDeps,
  change: StatusChange,
): Promise<Notification[]> {
  const dossier = await deps.dossiers.get(change.dossierCode);
  if (!dossier) return [];
  const message = renderStatusMessage({ ...dossier, status: change.status }, deps.lookupBaseUrl);
  const contacts: Record<NotificationChannel, string | undefined> = {
    EMAIL: dossier.applicant.email,
    SMS: dossier.applicant.phone,
  };
  const recorded: Notification[] = [];
  for (const channel of deps.transport.channels) {
    const to = contacts[channel];
    if (!to) continue;
    const claim: Notification = {
      ...change,
      channel,
      recipient: maskRecipient(channel, to),
      state: 'SENDING',
      createdAt: toVietnamIso(deps.now()),
    };
    if ((await deps.notifications.claim(claim)) === 'done') continue;
    let finished: Notification;
    try {
      const delivery = await deps.transport.send(channel, to, message, change);
      finished = {
        ...claim,
        state: delivery.state,
        sentAt: toVietnamIso(deps.now()),
        ...(delivery.providerMessageId ? { providerMessageId: delivery.providerMessageId } : {}),
      };
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) throw error;
      finished = { ...claim, state: 'FAILED', error: error.message };
    }
    await deps.notifications.finish(finished);
    recorded.push(finished);
  }
  return recorded;
}

/** A dossier's messages, for a caller who may see the dossier. */
export async function listDossierNotifications(
  deps: Pick<NotifyDeps, 'dossiers' | 'notifications'>,
  principal: Principal,
  dossierCode: string,
): Promise<Notification[]> {
  const dossier = await deps.dossiers.get(dossierCode);
  if (!dossier || !maySee(principal, dossier)) throw notFound(`No dossier ${dossierCode}`);
  return deps.notifications.list(dossierCode);
}
