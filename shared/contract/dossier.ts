import * as z from 'zod';
import type { SubmissionRequest } from '#shared/domain/dossier.ts';
import { DOSSIER_CODE_MAX_LENGTH, DOSSIER_CODE_PATTERN } from '#shared/domain/dossier-code.ts';
import { APPLICANT_TYPES, applicantIdProblem } from '#shared/domain/identity.ts';
import { ACTIONS } from '#shared/domain/lifecycle.ts';
import { DOSSIER_STATUSES } from '#shared/domain/status.ts';
import { AgencyIdSchema, ProcedureCodeSchema } from './catalog.ts';
import { text } from './text.ts';

const Instant = z.iso.datetime({ offset: true }).meta({ example: '2025-07-15T08:30:00+07:00' });
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const ChannelSchema = z.enum(['ONLINE', 'DIRECT', 'POSTAL']);
export const StatusSchema = z.enum(DOSSIER_STATUSES as [string, ...string[]]);
export const ActionSchema = z.enum(ACTIONS);
/** `{unitCode}-{yyMMdd}-{NNNN}`; the format lives in the domain (shared/domain/dossier-code.ts). */
export const DossierCodeSchema = z
  .string()
  .max(DOSSIER_CODE_MAX_LENGTH, { abort: true })
  .regex(DOSSIER_CODE_PATTERN, 'not a dossier code ({unitCode}-{yyMMdd}-{NNNN})')
  .meta({ example: '000.21.01.H49-250715-0004' });

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,128}$/, '8–128 characters of A–Z, a–z, 0–9, _ and -');

export const ApplicantSchema = z
  .strictObject({
    type: z.enum(APPLICANT_TYPES).meta({ description: "DVCQG's LoaiDoiTuong 1–4, in this order" }),
    idNumber: z.string().max(40).meta({
      description:
        'CITIZEN: CCCD (12 digits: province, century and sex, year of birth, serial); ENTERPRISE: tax code, 10 digits with its check digit or 13 for a branch (0100109106-001); others: their own identifier',
      example: '022190000123',
    }),
    fullName: text({ max: 200 }),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{8,15}$/)
      .optional(),
    email: z.email().max(254).optional(),
    address: text({ max: 500 }),
    vneidVerified: z.boolean().optional().meta({
      description:
        "The applicant's portal account was verified through VNeID (DVCQG TaiKhoanDuocXacThucVoiVNeID); default false, only the portal may set it true",
    }),
  })
  .superRefine((applicant, ctx) => {
    const problem = applicantIdProblem(applicant.type, applicant.idNumber, new Date());
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
  })
  .meta({ id: 'Applicant' });

export const SubmittedDocumentSchema = z.strictObject({
  documentCode: text({ max: 40 }),
  attachmentId: text({ max: 64 }).optional(),
  copies: z
    .number()
    .int()
    .min(1)
    .max(99)
    .optional()
    .meta({ description: 'Paper copies received at the counter' }),
});

export const SubmitDossierRequestSchema = z
  .strictObject({
    procedureCode: ProcedureCodeSchema,
    centerId: Id,
    channel: ChannelSchema,
    competentUnitId: Id.optional().meta({
      description: "Default: the center's own unit for COMMUNE_PC procedures, else the procedure's unit",
    }),
    applicant: ApplicantSchema,
    summary: text({ max: 2000, multiline: true }).meta({
      description: "The request in the applicant's words",
    }),
    documents: z.array(SubmittedDocumentSchema).max(100),
    resultDelivery: z.enum(['COUNTER', 'POSTAL', 'ONLINE']),
    portalRef: text({ max: 100 }).optional(),
  })
  .meta({ id: 'SubmitDossierRequest' });
export type SubmitDossierRequest = z.infer<typeof SubmitDossierRequestSchema>;
// The contract maps onto the domain's own type: a schema whose output stops fitting fails to compile.
SubmitDossierRequestSchema satisfies z.ZodType<SubmissionRequest>;

export const FeeSchema = z.strictObject({
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  amount: z.number().int().nonnegative().meta({ description: 'VND' }),
});

export const ResultDocumentSchema = z.strictObject({
  documentCode: text({ max: 40 }),
  name: text({ max: 1000 }).optional(),
  attachmentId: text({ max: 64 }).optional(),
});

export const OfficerSchema = z
  .strictObject({
    name: text({ max: 200 }),
    title: text({ max: 200 }).optional(),
    department: text({ max: 200 }).optional(),
  })
  .meta({
    id: 'Officer',
    description:
      'The person at the calling system who took the step (synced as NguoiXuLy, ChucDanh, PhongBanXuLy)',
  });

export const ActionRequestSchema = z
  .strictObject({
    action: ActionSchema,
    expectedVersion: z.number().int().min(1).optional(),
    note: text({ max: 2000, multiline: true }).optional(),
    documents: z.array(ResultDocumentSchema).max(100).optional(),
    fees: z.array(FeeSchema).max(50).optional(),
    officer: OfficerSchema.optional(),
  })
  .meta({ id: 'ActionRequest' });
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

export const TimelineEntrySchema = z.object({
  at: Instant,
  action: z.string(),
  actor: z.string(),
  fromStatus: StatusSchema.optional(),
  toStatus: StatusSchema,
  note: z.string().optional(),
  documents: z
    .array(
      z.object({
        documentCode: z.string(),
        name: z.string().optional(),
        attachmentId: z.string().optional(),
      }),
    )
    .optional()
    .meta({ description: 'What a SUPPLEMENT supplied or a RESOLVE returned, with their attachments' }),
  fees: z
    .array(z.object({ code: z.string(), name: z.string(), amount: z.number() }))
    .optional()
    .meta({ description: 'The fees a REQUEST_PAYMENT asked for' }),
  officer: z
    .object({ name: z.string(), title: z.string().optional(), department: z.string().optional() })
    .optional(),
});

export const DossierSummarySchema = z
  .object({
    dossierCode: z.string().meta({ example: '000.21.01.H49-250715-0004' }),
    procedureCode: z.string(),
    procedureName: z.string().optional(),
    centerId: z.string(),
    competentUnitId: z.string(),
    agencyId: AgencyIdSchema,
    category: z.enum(['OWN_AUTHORITY', 'BOUNDARY_FREE', 'VERTICAL']),
    channel: ChannelSchema,
    status: StatusSchema,
    statusCode: z.number().int().min(1).max(10),
    version: z.number().int().min(1),
    submittedAt: Instant,
    receivedAt: Instant.optional(),
    dueAt: Instant.optional(),
    finishedAt: Instant.optional(),
    returnedAt: Instant.optional().meta({ description: 'When the result was returned (RETURN_RESULT)' }),
    timeliness: z.enum(['EARLY', 'ON_TIME', 'LATE', 'OVERDUE']).optional().meta({
      description:
        'Decision 766: set when the dossier ends (none when WITHDRAWN; LATE after more than one supplement request), OVERDUE while it runs past due',
    }),
    calendarProvisional: z.literal(true).optional().meta({
      description:
        'The due date rests on a year without announced calendar data (statutory holidays only); recomputed when that year is stored',
    }),
    // Responses strip what they do not document instead of refusing it, and show stored text as
    // it is: a stored dossier must always be readable, also one stored before a rule tightened.
    applicant: z.object({
      ...ApplicantSchema.shape,
      fullName: z.string(),
      address: z.string(),
      vneidVerified: z
        .boolean()
        .meta({ description: 'Verified through VNeID, as the portal said (false otherwise)' }),
    }),
    summary: z.string(),
    documents: z.array(
      z.object({
        ...SubmittedDocumentSchema.shape,
        documentCode: z.string(),
        attachmentId: z.string().optional(),
        digitized: z
          .boolean()
          .meta({ description: 'Uploaded or scanned at the counter (has an attachment)' }),
      }),
    ),
    results: z
      .array(
        z.object({
          documentCode: z.string(),
          name: z.string().optional(),
          attachmentId: z.string().optional(),
        }),
      )
      .optional(),
    fees: z.array(z.object({ ...FeeSchema.shape, code: z.string(), name: z.string() })).optional(),
    resultDelivery: z.enum(['COUNTER', 'POSTAL', 'ONLINE']),
    portalRef: z.string().optional(),
    rating: z
      .object({ score: z.number().int().min(1).max(5), comment: z.string().optional(), ratedAt: Instant })
      .optional()
      .meta({ description: 'The citizen’s satisfaction rating, once after RETURNED (indicator 5.4)' }),
    paidOnline: z.boolean().optional().meta({
      description:
        'Set once fees were paid: true when through the online payment gateway (Decision 766 indicator 3.6)',
    }),
  })
  .meta({ id: 'DossierSummary' });

export const DossierSchema = DossierSummarySchema.extend({ history: z.array(TimelineEntrySchema) }).meta({
  id: 'Dossier',
});

const DateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .meta({ description: 'A local date (Asia/Ho_Chi_Minh, whole day) or an instant', example: '2025-07-01' });

export const DossierListQuerySchema = z.strictObject({
  centerId: Id.optional(),
  agencyId: AgencyIdSchema.optional(),
  status: StatusSchema.optional(),
  receivedFrom: DateOrInstant.optional(),
  receivedTo: DateOrInstant.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(4000).optional(),
  procedureCode: ProcedureCodeSchema.optional().meta({ description: 'Only dossiers of this procedure' }),
  portalRef: text({ max: 100 })
    .optional()
    .meta({ description: "The submitting client's own reference, exact (the portal's dossier ID)" }),
});
export type DossierListQuery = z.infer<typeof DossierListQuerySchema>;

export const DossierPageSchema = z
  .object({
    items: z.array(DossierSummarySchema),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'Present while more may follow; a page may hold fewer than limit' }),
  })
  .meta({ id: 'DossierPage' });
