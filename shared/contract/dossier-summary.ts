/**
 * A dossier as lists show it (GET /v1/dossiers, the agency delivery, the portal sync), apart from
 * the request schemas (shared/contract/dossier-fields.ts) and from the full view with its history
 * (shared/contract/dossier-view.ts).
 */
import {
  applicantFields,
  ChannelSchema,
  feeFields,
  Instant,
  submittedDocumentFields,
} from './dossier-fields.ts';
import { AgencyIdSchema, StatusSchema } from './identifiers.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const DossierSummarySchema = withMeta(
  z.object({
    dossierCode: withMeta(z.string(), { example: '000.21.01.H49-250715-0004' }),
    procedureCode: z.string(),
    procedureName: z.optional(z.string()),
    centerId: z.string(),
    competentUnitId: z.string(),
    agencyId: AgencyIdSchema,
    category: z.enum(['OWN_AUTHORITY', 'BOUNDARY_FREE', 'VERTICAL']),
    channel: ChannelSchema,
    status: StatusSchema,
    statusCode: z.number().check(z.int(), z.gte(1), z.lte(10)),
    version: z.number().check(z.int(), z.gte(1)),
    submittedAt: Instant,
    receivedAt: z.optional(Instant),
    dueAt: z.optional(Instant),
    finishedAt: z.optional(Instant),
    returnedAt: withMeta(z.optional(Instant), {
      description: 'When the result was returned (RETURN_RESULT)',
    }),
    timeliness: withMeta(z.optional(z.enum(['EARLY', 'ON_TIME', 'LATE', 'OVERDUE'])), {
      description:
        'Decision 766: set when the dossier ends (none when WITHDRAWN; LATE after more than one supplement request), OVERDUE while it runs past due',
    }),
    calendarProvisional: withMeta(z.optional(z.literal(true)), {
      description:
        'The due date rests on a year without announced calendar data (statutory holidays only); recomputed when that year is stored',
    }),
    // Responses strip what they do not document instead of refusing it, and show stored text as
    // it is: a stored dossier must always be readable, also one stored before a rule tightened.
    applicant: z.object({
      ...applicantFields,
      fullName: z.string(),
      address: z.string(),
      vneidVerified: withMeta(z.boolean(), {
        description: 'Verified through VNeID, as the portal said (false otherwise)',
      }),
    }),
    summary: z.string(),
    documents: z.array(
      z.object({
        ...submittedDocumentFields,
        documentCode: z.string(),
        attachmentId: z.optional(z.string()),
        digitized: withMeta(z.boolean(), {
          description: 'Uploaded or scanned at the counter (has an attachment)',
        }),
      }),
    ),
    results: z.optional(
      z.array(
        z.object({
          documentCode: z.string(),
          name: z.optional(z.string()),
          attachmentId: z.optional(z.string()),
        }),
      ),
    ),
    fees: z.optional(z.array(z.object({ ...feeFields, code: z.string(), name: z.string() }))),
    resultDelivery: z.enum(['COUNTER', 'POSTAL', 'ONLINE']),
    portalRef: z.optional(z.string()),
    rating: withMeta(
      z.optional(
        z.object({
          score: z.number().check(z.int(), z.gte(1), z.lte(5)),
          comment: z.optional(z.string()),
          ratedAt: Instant,
        }),
      ),
      { description: 'The citizen’s satisfaction rating, once after RETURNED (indicator 5.4)' },
    ),
    paidOnline: withMeta(z.optional(z.boolean()), {
      description:
        'Set once fees were paid: true when through the online payment gateway (Decision 766 indicator 3.6)',
    }),
  }),
  { id: 'DossierSummary' },
);

export const DossierPageSchema = withMeta(
  z.object({
    items: z.array(DossierSummarySchema),
    nextCursor: withMeta(z.optional(z.string()), {
      description: 'Present while more may follow; a page may hold fewer than limit',
    }),
  }),
  { id: 'DossierPage' },
);
