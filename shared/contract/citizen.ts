/**
 * The contract of the citizen-facing services (docs/api.md, citizen-facing services): the
 * receipt, the public lookup and the satisfaction rating.
 */
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { ID_LAST4 } from '#shared/domain/lookup.ts';
import { DossierCodeSchema, StatusSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const Instant = withMeta(z.iso.datetime({ offset: true }), { example: '2025-07-15T08:30:00+07:00' });
const IdLast4Schema = withMeta(
  z.string().check(z.regex(ID_LAST4, 'the last 4 digits of the applicant’s ID number')),
  { example: '0123' },
);

export const LookupQuerySchema = z.strictObject({ dossierCode: DossierCodeSchema, idLast4: IdLast4Schema });
/** The HTML page's query, in Vietnamese (`ma` the code, `so` the digits); both or neither. */
export const LookupPageQuerySchema = z.strictObject({
  ma: z.optional(DossierCodeSchema),
  so: z.optional(IdLast4Schema),
});

const StepSchema = z.object({
  at: Instant,
  status: StatusSchema,
  statusCode: z.number().check(z.int(), z.gte(1), z.lte(10)),
  statusName: withMeta(z.string(), { description: 'The status in Vietnamese' }),
});
export const PublicDossierSchema = withMeta(
  z.object({
    dossierCode: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    status: StatusSchema,
    statusCode: z.number().check(z.int(), z.gte(1), z.lte(10)),
    statusName: withMeta(z.string(), { description: 'The status in Vietnamese' }),
    submittedAt: Instant,
    receivedAt: z.optional(Instant),
    dueAt: z.optional(Instant),
    finishedAt: z.optional(Instant),
    steps: withMeta(z.array(StepSchema), { description: 'Each change of status, oldest first' }),
  }),
  {
    id: 'PublicDossier',
    description: 'What anyone holding the code and the 4 digits sees: no personal data',
  },
);

export const RatingRequestSchema = withMeta(
  z.strictObject({
    score: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    comment: z.optional(text({ max: 1000, multiline: true })),
  }),
  { id: 'RatingRequest' },
);
export const RatingSchema = withMeta(
  z.object({
    score: z.number().check(z.int(), z.gte(1), z.lte(5)),
    comment: z.optional(z.string()),
    ratedAt: Instant,
  }),
  { id: 'Rating' },
);

const codePath = { path: z.object({ dossierCode: DossierCodeSchema }) };

/** The operations of the citizen-facing routes (merged into shared/contract/openapi.ts). */
export const CITIZEN_OPERATIONS = {
  getReceipt: {
    summary: 'The receipt ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") as a one-page A4 PDF',
    description:
      'Same visibility as the dossier. The same dossier version gives the same bytes. Send `Accept: application/pdf` (API Gateway returns binary only for a binary Accept type).',
    requestParams: codePath,
    responses: {
      '200': {
        description: 'The PDF, with a QR code of the public lookup page',
        content: { 'application/pdf': { schema: withMeta(z.string(), { format: 'binary' }) } },
      },
    },
  },
  rateDossier: {
    summary: 'The citizen’s satisfaction rating, once, after RETURNED (Decision 766 indicator 5.4)',
    description:
      'The portal and the centers record it; 409 when the dossier is not RETURNED or already rated.',
    requestParams: codePath,
    requestBody: { content: { 'application/json': { schema: RatingRequestSchema } } },
    responses: {
      '201': {
        description: 'The rating as stored',
        content: { 'application/json': { schema: RatingSchema } },
      },
    },
  },
  lookupDossier: {
    summary: 'Public lookup of a dossier by its code and the last 4 digits of the applicant’s ID number',
    description:
      'No token. A wrong pair answers the same 404 as an unknown code. Limited per client IP (429).',
    requestParams: { query: LookupQuerySchema },
    responses: {
      '200': {
        description: 'The public view',
        content: { 'application/json': { schema: PublicDossierSchema } },
      },
    },
  },
  lookupPage: {
    summary: 'The public lookup page ("Tra cứu hồ sơ"), HTML in Vietnamese',
    description:
      'No token. Without a query: the form. With `ma` and `so`: the dossier’s procedure, status, due date and steps, or the same not-found page for a wrong pair as for an unknown code (404). Limited per client IP (429).',
    requestParams: { query: LookupPageQuerySchema },
    responses: {
      '200': { description: 'The page', content: { 'text/html': { schema: z.string() } } },
      '404': { description: 'The not-found page', content: { 'text/html': { schema: z.string() } } },
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;
