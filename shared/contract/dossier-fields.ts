/**
 * What a dossier's request and view schemas share (shared/contract/dossier.ts): the applicant's,
 * a submitted document's and a fee's fields as requests take them, which the view shows as
 * stored, overriding some. In a module of its own because a function builds every schema of the
 * contract modules it imports at its cold start: the view, the submission, the action and the
 * list query each have a module, and a function imports those it uses.
 */
import { APPLICANT_TYPES } from '#shared/domain/identity.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const Instant = withMeta(z.iso.datetime({ offset: true }), { example: '2025-07-15T08:30:00+07:00' });
export const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));

export const ChannelSchema = z.enum(['ONLINE', 'DIRECT', 'POSTAL']);

/** The fields of ApplicantSchema (shared/contract/dossier-submission.ts). */
export const applicantFields = {
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
};

/** The fields of SubmittedDocumentSchema. */
export const submittedDocumentFields = {
  documentCode: text({ max: 40 }),
  attachmentId: z.optional(text({ max: 64 })),
  copies: withMeta(z.optional(z.number().check(z.int(), z.gte(1), z.lte(99))), {
    description: 'Paper copies received at the counter',
  }),
};

/** The fields of FeeSchema (shared/contract/dossier-action.ts). */
export const feeFields = {
  code: text({ max: 40 }),
  name: text({ max: 1000 }),
  amount: withMeta(z.number().check(z.int(), z.nonnegative()), { description: 'VND' }),
};
