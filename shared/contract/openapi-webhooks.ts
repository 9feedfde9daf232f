/**
 * The OpenAPI document's `webhooks`: what motcua POSTs to other systems, with the headers
 * shared/adapters/agency-webhooks.ts `postSigned` sends. The payment gateway's callback is a
 * route (`POST /v1/payments/callback`), not a webhook; the local runtime's MOTCUA_NOTIFY_URL
 * post is a development sink, not a contract (in AWS notifications go through SES and SMS).
 */
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '#shared/adapters/agency-webhooks.ts';
import { DOSSIER_VERSION_HEADER } from '#shared/adapters/portal-sync-endpoint.ts';
import { AGENCY_WEBHOOK_EXAMPLE, portalSyncExamples, SAMPLE_CODE } from './openapi-examples.ts';
import { AgencyWebhookBodySchema, CapNhatTienDoBodySchema, DongBoHoSoBodySchema } from './portal-sync.ts';

const SIGNING =
  'Signed: `' +
  SIGNATURE_HEADER +
  '` is `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` over the exact bytes of the body, `' +
  TIMESTAMP_HEADER +
  '` the Unix seconds it was signed at. Verify the signature in constant time and refuse timestamps far from your clock.';
const RETRIES =
  'Any 2xx acknowledges. Anything else, or no answer within 10 s, is retried with capped exponential backoff (30 s, 60 s, … at most 11 h; 13 attempts over ≈ 28 h), then dead-lettered and kept 14 days.';

const signedHeaders = (eventId: string, extra: Record<string, z.ZodType> = {}) =>
  z.object({
    [EVENT_ID_HEADER]: z.string().meta({
      description: 'The same on every retry of one delivery: drop repeats by it',
      example: eventId,
    }),
    [TIMESTAMP_HEADER]: z
      .string()
      .regex(/^\d+$/)
      .meta({ description: 'Unix seconds', example: '1764039942' }),
    [SIGNATURE_HEADER]: z
      .string()
      .regex(/^sha256=[0-9a-f]{64}$/)
      .meta({
        description: 'HMAC-SHA256 of `{timestamp}.{body}`, lowercase hex',
        example: 'sha256=3b7f0c5e1a9d4c2b8e6f0a1d3c5b7e9f2a4c6e8b0d1f3a5c7e9b2d4f6a8c0e1b',
      }),
    ...extra,
  });

const acknowledged = {
  '200': { description: 'Acknowledged (any 2xx)' },
  '400': { description: 'Not taken (any status other than 2xx): the delivery is retried' },
};

function portalSync(
  summary: string,
  description: string,
  schema: z.core.$ZodType,
  service: string,
  example: unknown,
): ZodOpenApiOperationObject {
  return {
    operationId: `portalSync${service}`,
    summary,
    description: `${description}\n\n${SIGNING}\n\n${RETRIES}`,
    tags: ['Outgoing calls'],
    requestParams: {
      header: signedHeaders(`${SAMPLE_CODE}@4/${service}`, {
        [DOSSIER_VERSION_HEADER]: z.string().regex(/^\d+$/).meta({
          description: 'The dossier version the body shows: drop a body older than one already taken',
          example: '4',
        }),
      }),
    },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema,
          examples: { resolved: { summary: 'A resolved birth registration', value: example } },
        },
      },
    },
    responses: acknowledged,
    security: [],
  };
}

export function WEBHOOKS(): ZodOpenApiPathsObject {
  const sync = portalSyncExamples();
  return {
    DongBoHoSoMC: {
      post: portalSync(
        'National portal sync: the dossier (DongBoHoSoMC)',
        'Posted to the national public service portal (DVCQG) at every new version of a dossier (never for legacy imports), before its progress: the dossier as it is now. Contains personal data (name, ID number).',
        DongBoHoSoBodySchema,
        'DongBoHoSoMC',
        sync.dongBoHoSo,
      ),
    },
    CapNhatTienDoHoSoMC: {
      post: portalSync(
        'National portal sync: progress steps (CapNhatTienDoHoSoMC)',
        'Posted after the DongBoHoSoMC body of the same version: every step after the version the portal last took, in lifecycle order. A step may come twice (at least once delivery): keep it once by ThoiDiemXuLy, TrangThai and NoiDungXuLy.',
        CapNhatTienDoBodySchema,
        'CapNhatTienDoHoSoMC',
        sync.capNhatTienDo,
      ),
    },
    agencyDossier: {
      post: {
        operationId: 'agencyWebhook',
        summary: 'A dossier routed to an agency system',
        description: `Posted to an agency system’s endpoint (deploy setting \`motcua:agencyWebhooks\`) when a dossier reaches RECEIVED (PROCESS) or, to the post, when a POSTAL result is ready (DELIVER_RESULT). A PROCESS delivery acknowledged while the dossier is still RECEIVED starts it (START by \`agency-handler:<agencyId>\`).\n\n${SIGNING}\n\n${RETRIES}`,
        tags: ['Outgoing calls'],
        requestParams: { header: signedHeaders(AGENCY_WEBHOOK_EXAMPLE().eventId) },
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: AgencyWebhookBodySchema,
              examples: {
                process: {
                  summary: 'A birth registration for the Hong Gai ward',
                  value: AGENCY_WEBHOOK_EXAMPLE(),
                },
              },
            },
          },
        },
        responses: acknowledged,
        security: [],
      },
    },
  };
}
