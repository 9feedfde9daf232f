/**
 * The OpenAPI 3.1 document of the HTTP contract, generated from the zod schemas and the
 * topology's routes (so a route cannot exist without its documentation).
 */
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ROUTES, type RouteSpec } from '#infra/topology.ts';
import { PAYMENT_CALLBACK_REJECTIONS } from '#shared/domain/payment.ts';
import {
  AttachmentIdSchema,
  AttachmentSchema,
  CreateAttachmentRequestSchema,
  DownloadLinkSchema,
  UploadTicketSchema,
} from './attachment.ts';
import {
  AgencySchema,
  CalendarYearPathSchema,
  CalendarYearSchema,
  CalendarYearViewSchema,
  CenterSchema,
  listOf,
  ProcedureCodeSchema,
  ProcedureListQuerySchema,
  ProcedurePageSchema,
  ProcedureSchema,
  UnitSchema,
} from './catalog.ts';
import { ProcedureImportRequestSchema, ProcedureImportResultSchema } from './catalog-import.ts';
import { CITIZEN_OPERATIONS } from './citizen.ts';
import {
  ActionRequestSchema,
  DossierCodeSchema,
  DossierListQuerySchema,
  DossierPageSchema,
  DossierSchema,
  IdempotencyKeySchema,
  SubmitDossierRequestSchema,
} from './dossier.ts';
import { ImportDossiersRequestSchema, ImportDossiersResultSchema } from './legacy-dossiers.ts';
import { NOTIFICATION_OPERATIONS } from './notification.ts';
import { documentOperation, RESPONSE_HEADERS, TAGS } from './openapi-docs.ts';
import { WEBHOOKS } from './openapi-webhooks.ts';
import { PAYMENT_OPERATIONS } from './payment.ts';
import {
  IndicatorReportSchema,
  IndicatorsQuerySchema,
  MonthlyReportQuerySchema,
  MonthlyReportSchema,
} from './reports.ts';
import { TEXT_RULE } from './text.ts';
import { extend, withMeta } from './zod.ts';

const ProblemSchema = z
  .object({
    type: z.string().meta({ example: 'urn:motcua:problem:validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    currentStatus: z.string().optional().meta({ description: 'On 409: the dossier status now' }),
    version: z.number().int().optional().meta({ description: 'On 409: the dossier version now' }),
    requiredScopes: z
      .array(z.string())
      .optional()
      .meta({ description: 'On 403 insufficient_scope: the scopes the route takes (any one)' }),
    retryAfterSeconds: z
      .number()
      .int()
      .optional()
      .meta({ description: 'On 429, the per-client or per-address limit: as the Retry-After header' }),
    reason: z
      .enum(PAYMENT_CALLBACK_REJECTIONS)
      .optional()
      .meta({ description: 'On 400 payment-callback-rejected: what was wrong with the callback' }),
    requestId: z
      .string()
      .optional()
      .meta({ description: 'On problems API Gateway answers itself: its request id' }),
  })
  .meta({ id: 'Problem' });

const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: 'Problem details', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  );
const ok = (description: string, schema: z.core.$ZodType, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema } } },
});
const jsonBody = (schema: z.core.$ZodType) => ({
  required: true,
  content: { 'application/json': { schema } },
});

// Path parameters are checked against their format before anything is read.
const DossierCodeParam = z.object({
  dossierCode: withMeta(DossierCodeSchema, {
    description: 'A dossier code; one not in this format answers 404, since no dossier can have it',
    example: '000.21.01.H49-250715-0004',
  }),
});
const ProcedureCodeParam = z.object({
  code: withMeta(ProcedureCodeSchema, {
    description: 'A procedure code; one not in this format answers 400 naming `code`',
    example: '1.001193',
  }),
});
const CalendarYearParam = z.object({
  year: withMeta(CalendarYearPathSchema, {
    description: 'Four digits, 2000 to 2100; anything else answers 400 naming `year`',
    example: '2027',
  }),
});
const dossierNotFound = {
  '404': {
    description: 'No such dossier, one the caller may not see, or a code not in the dossier code format',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
};

/** What each route takes and returns, by function. */
const OPERATIONS: Partial<Record<RouteSpec['function'], ZodOpenApiOperationObject>> = {
  listCenters: {
    summary: 'Public Administration Service Centers',
    responses: ok('Centers', listOf(CenterSchema, 'CenterList')),
  },
  listUnits: {
    summary: 'Units that decide dossiers',
    responses: ok('Units', listOf(UnitSchema, 'UnitList')),
  },
  listAgencies: {
    summary: 'Agency systems (one fan-out queue each)',
    responses: ok('Agency systems', listOf(AgencySchema, 'AgencyList')),
  },
  listProcedures: {
    summary: 'Search the procedure catalog',
    requestParams: { query: ProcedureListQuerySchema },
    responses: ok('One page of procedures, ordered by code', ProcedurePageSchema),
  },
  getProcedure: {
    summary: 'One procedure',
    requestParams: { path: ProcedureCodeParam },
    responses: ok('The procedure', ProcedureSchema),
  },
  submitDossier: {
    summary: 'File a dossier',
    description:
      'ONLINE dossiers (portal) start SUBMITTED; DIRECT and POSTAL dossiers (center) start RECEIVED. ' +
      'Replaying the same Idempotency-Key with the same body returns the stored response with ' +
      '`Idempotent-Replayed: true`; with another body it is a 422.',
    requestParams: { header: z.object({ 'Idempotency-Key': IdempotencyKeySchema }) },
    requestBody: jsonBody(SubmitDossierRequestSchema),
    responses: {
      ...ok('Stored; Location names the dossier', DossierSchema, '201'),
      ...problems(400, 401, 403, 413, 415, 422),
    },
  },
  listDossiers: {
    summary: 'A worklist of dossiers, newest first',
    description:
      'A center sees its center’s dossiers, an agency system those routed to it (to decide, or ' +
      'to deliver the result), the portal those it filed; the admin names a centerId or an agencyId. ' +
      'Follow nextCursor while present; a page may hold fewer than limit items.',
    requestParams: { query: DossierListQuerySchema },
    responses: ok('One page of dossiers (without history)', DossierPageSchema),
  },
  putProcedure: {
    summary: 'Create or replace a procedure (admin)',
    requestParams: { path: ProcedureCodeParam },
    requestBody: jsonBody(ProcedureSchema),
    responses: {
      ...ok('Replaced', ProcedureSchema),
      ...ok('Created', ProcedureSchema, '201'),
      ...problems(400, 401, 403, 413, 415, 422),
    },
  },
  putCalendar: {
    summary: 'Set a year of the working-day calendar (admin)',
    description:
      'The year’s official days off and make-up working days; takes effect without a deploy. The open ' +
      'dossiers whose due date in that year was provisional (`calendarProvisional`) are recomputed on it ' +
      'and lose the flag; putting the same year again finishes a recomputation cut short.',
    requestParams: { path: CalendarYearParam },
    requestBody: jsonBody(CalendarYearSchema),
    responses: {
      ...ok(
        'The stored year, and how many provisional dossiers were recomputed',
        extend(CalendarYearSchema, { year: z.number().int(), recomputedDossiers: z.number().int() }),
      ),
      ...problems(400, 401, 403, 415),
    },
  },
  getCalendar: {
    summary: 'A year of the working-day calendar',
    description:
      'Any valid token, like the other catalog reads: the calendar is public reference data. A year not ' +
      'announced yet answers its statutory-only default, `source: STATUTORY_ONLY`.',
    requestParams: { path: CalendarYearParam },
    responses: ok('The year as the clock counts it', CalendarYearViewSchema),
  },
  importProcedures: {
    summary: 'Import a batch of procedures (admin; the catalog import command)',
    description:
      'Up to 500 procedures per request (and within the 256 KiB body limit). Every row is checked as by ' +
      '`PUT /v1/procedures/{code}`, and no code may come twice; one bad row refuses the whole batch (422, ' +
      'one error per row and field, `procedures.<row>.<field>`) and nothing is written. Rows equal to ' +
      'what is stored are not written again (`unchanged`), so re-running an import is harmless. ' +
      '`dryRun: true` checks and counts without writing.',
    requestBody: jsonBody(ProcedureImportRequestSchema),
    responses: {
      ...ok('What was (or, dry, would be) written', ProcedureImportResultSchema),
      ...problems(400, 401, 403, 413, 415, 422),
    },
  },
  getDossier: {
    summary: 'A dossier with its history',
    requestParams: { path: DossierCodeParam },
    responses: { ...ok('The dossier', DossierSchema), ...dossierNotFound },
  },
  actOnDossier: {
    summary: 'Take an action on a dossier',
    description:
      'The actions table below says who may take which action from which status; any other status/action pair is a 409.',
    requestParams: { path: DossierCodeParam },
    requestBody: jsonBody(ActionRequestSchema),
    responses: {
      ...ok('The dossier after the action', DossierSchema),
      ...problems(400, 401, 403, 409, 415),
      ...dossierNotFound,
    },
  },
  createAttachment: {
    summary: 'Ask to upload a document (PDF, JPEG or PNG, 1 byte to 20 MiB)',
    description:
      'Answers a presigned POST whose policy binds the declared size, type and SHA-256: POST ' +
      'multipart/form-data with every field of `upload.fields`, then the `file` part, to `upload.url`. ' +
      'The upload is then checked against the declaration and becomes VERIFIED or REJECTED (bytes deleted).',
    requestBody: jsonBody(CreateAttachmentRequestSchema),
    responses: {
      ...ok('PENDING until the upload is checked', UploadTicketSchema, '201'),
      ...problems(400, 401, 403, 413, 415),
    },
  },
  getAttachment: {
    summary: 'An attachment’s status (and why it was rejected)',
    description:
      'For its uploader and for clients that may read a dossier referencing it; anyone else gets 404.',
    requestParams: { path: z.object({ attachmentId: AttachmentIdSchema }) },
    responses: ok('The attachment', AttachmentSchema),
  },
  downloadAttachment: {
    summary: 'A download link (valid 5 minutes) to a VERIFIED attachment',
    description:
      'For its uploader and for clients that may read a dossier referencing it; anyone else gets 404.',
    requestParams: { path: z.object({ attachmentId: AttachmentIdSchema }) },
    responses: ok('A presigned GET', DownloadLinkSchema),
  },
  getMonthlyReport: {
    summary: 'Monthly report of a center, or of the province (admin, no centerId)',
    description:
      'Dossiers received in the month (Asia/Ho_Chi_Minh), by category, agency system, channel and ' +
      'timeliness, read from pre-aggregated counters. `Accept: text/csv` or ' +
      '`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (or `format=csv|xlsx`) ' +
      'returns it as a file with Vietnamese headings.',
    requestParams: { query: MonthlyReportQuerySchema },
    responses: {
      '200': {
        description: 'The report',
        content: {
          'application/json': { schema: MonthlyReportSchema },
          'text/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string', contentEncoding: 'binary' },
          },
        },
      },
    },
  },
  getIndicators: {
    summary: 'Decision 766 service-quality indicators of a center, or of the province',
    requestParams: { query: IndicatorsQuerySchema },
    responses: ok('The indicators, group totals and total', IndicatorReportSchema),
  },
  importDossiers: {
    summary: 'Import legacy dossiers (admin)',
    description:
      'At most 500 rows with DVCQG field names. Nothing is written if any row is invalid unless ' +
      '`skipInvalid`; a code already stored is left unchanged. Imported dossiers are never ' +
      'delivered to agencies again, and count in reports.',
    requestBody: jsonBody(ImportDossiersRequestSchema),
    responses: {
      ...ok('Imported', ImportDossiersResultSchema),
      ...problems(400, 401, 403, 413, 415, 422),
    },
  },
  getOpenApi: {
    summary: 'This document',
    responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
  },
  ...CITIZEN_OPERATIONS,
  ...PAYMENT_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
};

/** Problems that operations documented in other modules answer besides the defaults. */
const MORE_PROBLEMS: Partial<Record<RouteSpec['function'], number[]>> = {
  rateDossier: [409],
  createPayment: [409],
};

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const op = OPERATIONS[route.function];
  if (!op) throw new Error(`route ${route.method} ${route.path} has no documented operation`);
  return documentOperation(route, {
    operationId: route.function,
    ...op,
    ...(route.auth === 'token' ? { security: [{ oauth2: [...route.scopes] }] } : { security: [] }),
    // 408: the gateway's answer to a request that does not arrive in full in time.
    responses: {
      ...problems(400, 401, 403, 404, 408, 429, 500),
      ...problems(...(MORE_PROBLEMS[route.function] ?? [])),
      ...op.responses,
    },
  });
}

/**
 * The API description is published to every integrator: CC BY 4.0 lets them copy it and build
 * clients from it, crediting the province (package.json's UNLICENSED covers the code, not this).
 */
const INFO_PARTIES = {
  license: { name: 'Creative Commons Attribution 4.0 International', identifier: 'CC-BY-4.0' },
  contact: {
    name: 'Quang Ninh Provincial Public Administration Service Center — motcua operations',
    url: 'https://motcua.quangninh.gov.vn',
  },
};

export function openApiDocument(serverUrl = '/') {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of ROUTES) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put';
    paths[route.path] = { ...paths[route.path], [method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'motcua — one-stop administrative procedure dossiers',
      version: '1.0.0',
      description:
        'The HTTP contract v1 for the national public service portal, center staff apps and agency systems. ' +
        `Bodies are JSON in UTF-8 (another charset is a 415; bytes that are not UTF-8 are a 400). ${TEXT_RULE}`,
      ...INFO_PARTIES,
    },
    servers: [{ url: serverUrl, description: 'This deployment: the address this document was read from' }],
    tags: [...TAGS],
    webhooks: WEBHOOKS(),
    components: {
      headers: RESPONSE_HEADERS,
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: '/oauth2/token',
              scopes: {
                'motcua/dossiers.submit': 'File dossiers',
                'motcua/dossiers.read': 'Read dossiers',
                'motcua/dossiers.process': 'Act on dossiers',
                'motcua/reports.read': 'Read reports',
                'motcua/catalog.admin': 'Write the catalog and calendar',
              },
            },
          },
        },
      },
    },
    paths,
  });
}
