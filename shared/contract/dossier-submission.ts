/** POST /v1/dossiers: the submission and its Idempotency-Key (shared/contract/dossier-fields.ts). */
import type { SubmissionRequest } from '#shared/domain/dossier.ts';
import { applicantIdProblem } from '#shared/domain/identity.ts';
import { applicantFields, ChannelSchema, Id, submittedDocumentFields } from './dossier-fields.ts';
import { ProcedureCodeSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const IdempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,128}$/, '8–128 characters of A–Z, a–z, 0–9, _ and -'));

export const ApplicantSchema = withMeta(
  z.strictObject(applicantFields).check(
    z.superRefine((applicant, ctx) => {
      const problem = applicantIdProblem(applicant.type, applicant.idNumber, new Date());
      if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
    }),
  ),
  { id: 'Applicant' },
);

export const SubmittedDocumentSchema = z.strictObject(submittedDocumentFields);

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
