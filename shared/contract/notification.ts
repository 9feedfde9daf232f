import type { ZodOpenApiOperationObject } from 'zod-openapi';
import type { FunctionId } from '#infra/topology.ts';
import { DOSSIER_STATUSES } from '#shared/domain/status.ts';
import { DossierCodeSchema } from './identifiers.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const NotificationSchema = withMeta(
  z.object({
    version: withMeta(z.number().check(z.int()), {
      description: 'The dossier version whose status change it tells',
    }),
    status: z.enum(DOSSIER_STATUSES),
    channel: z.enum(['EMAIL', 'SMS']),
    recipient: withMeta(z.string(), { description: 'Masked: n***@example.com, *******4567' }),
    state: withMeta(z.enum(['SENDING', 'SENT', 'CAPTURED', 'FAILED']), {
      description:
        'SENT: accepted by the provider; CAPTURED: kept by the local runtime, not sent; FAILED: refused ' +
        'for good (bad address); SENDING: being sent (retried if its sender failed)',
    }),
    createdAt: z.string(),
    sentAt: z.optional(z.string()),
    providerMessageId: z.optional(z.string()),
    error: z.optional(z.string()),
  }),
  { id: 'Notification' },
);

export const NotificationListSchema = withMeta(z.object({ items: z.array(NotificationSchema) }), {
  id: 'NotificationList',
});

/** The OpenAPI operation of the notifications route (shared/contract/openapi.ts). */
export const NOTIFICATION_OPERATIONS: Partial<Record<FunctionId, ZodOpenApiOperationObject>> = {
  listNotifications: {
    summary: 'What the applicant was sent about a dossier, and its delivery state',
    description:
      'One message per status change and channel (email; SMS where configured), for applicants who gave ' +
      'an email or a phone; oldest first.',
    requestParams: { path: z.object({ dossierCode: DossierCodeSchema }) },
    responses: {
      '200': {
        description: 'The messages',
        content: { 'application/json': { schema: NotificationListSchema } },
      },
    },
  },
};
