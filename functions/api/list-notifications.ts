import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { notificationStore } from '#shared/config/services/notification-store.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { NotificationListSchema } from '#shared/contract/notification.ts';
import { httpHandler, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { listDossierNotifications } from '#shared/use-cases/notifications.ts';

/** GET /v1/dossiers/{dossierCode}/notifications — what the applicant was sent, and its delivery state. */
export const handler = httpHandler(async (request) => {
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const items = await listDossierNotifications(
    { dossiers: dossierStore(), notifications: notificationStore() },
    principal,
    code,
  );
  return { status: 200, body: NotificationListSchema.parse({ items }) };
});
