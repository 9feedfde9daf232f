import type { SubmissionRequest } from '#shared/domain/dossier.ts';
import { APPLICANT_TYPES, applicantIdProblem } from '#shared/domain/identity.ts';
import { ACTIONS } from '#shared/domain/lifecycle.ts';
import { AgencyIdSchema, ProcedureCodeSchema, StatusSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const Instant = withMeta(z.iso.datetime({ offset: true }), { example: '2025-07-15T08:30:00+07:00' });
const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));

// In a module of their own so that a contract naming a dossier does not build this one's schemas.
export { DossierCodeSchema, StatusSchema } from './identifiers.ts';

export const ChannelSchema = z.enum(['ONLINE', 'DIRECT', 'POSTAL']);
export const ActionSchema = z.enum(ACTIONS);
export const IdempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,128}$/, '8–128 characters of A–Z, a–z, 0–9, _ and -'));

export const ApplicantSchema = withMeta(
  z
    .strictObject({
      type: withMeta(z.enum(APPLICANT_TYPES), { description: "DVCQG's LoaiDoiTuong 1–4, in this order" }),
      idNumber: withMeta(z.string().check(z.maxLength(40)), {
        description:
          'CITIZEN: CCCD (12 digits: province, century and sex, year of birth, serial); ENTERPRISE: tax code, 10 digits with its check digit or 13 for a branch (0100109106-001); others: their own identifier',
        example: '022190000123',
      }),
      fullName: text({ max: 200 }),
      phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ]{8,15}$/))),
      email: z.optional(z.email().check(z.maxLength(254))),
      address: text({ max: 500 }),
      vneidVerified: withMeta(z.optional(z.boolean()), {
        description:
          "The applicant's portal account was verified through VNeID (DVCQG TaiKhoanDuocXacThucVoiVNeID); default false, only the portal may set it true",
      }),
    })
    .check(
      z.superRefine((applicant, ctx) => {
        const problem = applicantIdProblem(applicant.type, applicant.idNumber, new Date());
        if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
      }),
    ),
  { id: 'Applicant' },
);

export const SubmittedDocumentSchema = z.strictObject({
  documentCode: text({ max: 40 }),
  attachmentId: z.optional(text({ max: 64 })),
  copies: withMeta(z.optional(z.number().check(z.int(), z.gte(1), z.lte(99))), {
    description: 'Paper copies received at the counter',
  }),
});

export const SubmitDossierRequestSchema = withMeta(
  z.strictObject({
    procedureCode: ProcedureCodeSchema,
    centerId: Id,
    channel: ChannelSchema,
    competentUnitId: withMeta(z.optional(Id), {
      description: "Default: the center's own unit for COMMUNE_PC procedures, else the procedure's unit",
    }),
    applicant: ApplicantSchema,
    summary: withMeta(text({ max: 2000, multiline: true }), {
      description: "The request in the applicant's words",
    }),
    documents: z.array(SubmittedDocumentSchema).check(z.maxLength(100)),
    resultDelivery: z.enum(['COUNTER', 'POSTAL', 'ONLINE']),
    portalRef: z.optional(text({ max: 100 })),
  }),
  { id: 'SubmitDossierRequest' },
);
export type SubmitDossierRequest = z.infer<typeof SubmitDossierRequestSchema>;
// The contract maps onto the domain's own type: a schema whose output stops fitting fails to compile.
SubmitDossierRequestSchema satisfies z.ZodMiniType<SubmissionRequest>;

export const FeeSchema = z.strictObject({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  amount: withMeta(z.number().check(z.int(), z.nonnegative()), { description: 'VND' }),
});

export const ResultDocumentSchema = z.strictObject({
  documentCode: text({ max: 40 }),
  name: z.optional(text({ max: 1000 })),
  attachmentId: z.optional(text({ max: 64 })),
});

export const OfficerSchema = withMeta(
  z.strictObject({
    name: text({ max: 200 }),
    title: z.optional(text({ max: 200 })),
    department: z.optional(text({ max: 200 })),
  }),
  {
    id: 'Officer',
    description:
      'The person at the calling system who took the step (synced as NguoiXuLy, ChucDanh, PhongBanXuLy)',
  },
);

export const ActionRequestSchema = withMeta(
  z.strictObject({
    action: ActionSchema,
    expectedVersion: z.optional(z.number().check(z.int(), z.gte(1))),
    note: z.optional(text({ max: 2000, multiline: true })),
    documents: z.optional(z.array(ResultDocumentSchema).check(z.maxLength(100))),
    fees: z.optional(z.array(FeeSchema).check(z.maxLength(50))),
    officer: z.optional(OfficerSchema),
  }),
  { id: 'ActionRequest' },
);
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

export const TimelineEntrySchema = z.object({
  at: Instant,
  action: z.string(),
  actor: z.string(),
  fromStatus: z.optional(StatusSchema),
  toStatus: StatusSchema,
  note: z.optional(z.string()),
  documents: withMeta(
    z.optional(
      z.array(
        z.object({
          documentCode: z.string(),
          name: z.optional(z.string()),
          attachmentId: z.optional(z.string()),
        }),
      ),
    ),
    { description: 'What a SUPPLEMENT supplied or a RESOLVE returned, with their attachments' },
  ),
  fees: withMeta(z.optional(z.array(z.object({ code: z.string(), name: z.string(), amount: z.number() }))), {
    description: 'The fees a REQUEST_PAYMENT asked for',
  }),
  officer: z.optional(
    z.object({ name: z.string(), title: z.optional(z.string()), department: z.optional(z.string()) }),
  ),
});

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
      ...ApplicantSchema.shape,
      fullName: z.string(),
      address: z.string(),
      vneidVerified: withMeta(z.boolean(), {
        description: 'Verified through VNeID, as the portal said (false otherwise)',
      }),
    }),
    summary: z.string(),
    documents: z.array(
      z.object({
        ...SubmittedDocumentSchema.shape,
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
    fees: z.optional(z.array(z.object({ ...FeeSchema.shape, code: z.string(), name: z.string() }))),
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

export const DossierSchema = withMeta(
  z.extend(DossierSummarySchema, { history: z.array(TimelineEntrySchema) }),
  {
    id: 'Dossier',
  },
);

const DateOrInstant = withMeta(z.union([z.iso.date(), z.iso.datetime({ offset: true })]), {
  description: 'A local date (Asia/Ho_Chi_Minh, whole day) or an instant',
  example: '2025-07-01',
});

export const DossierListQuerySchema = z.strictObject({
  centerId: z.optional(Id),
  agencyId: z.optional(AgencyIdSchema),
  status: z.optional(StatusSchema),
  receivedFrom: z.optional(DateOrInstant),
  receivedTo: z.optional(DateOrInstant),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
  procedureCode: withMeta(z.optional(ProcedureCodeSchema), {
    description: 'Only dossiers of this procedure',
  }),
  portalRef: withMeta(z.optional(text({ max: 100 })), {
    description: "The submitting client's own reference, exact (the portal's dossier ID)",
  }),
});
export type DossierListQuery = z.infer<typeof DossierListQuerySchema>;

export const DossierPageSchema = withMeta(
  z.object({
    items: z.array(DossierSummarySchema),
    nextCursor: withMeta(z.optional(z.string()), {
      description: 'Present while more may follow; a page may hold fewer than limit',
    }),
  }),
  { id: 'DossierPage' },
);
