/** POST /v1/dossiers/{dossierCode}/actions: an officer's step (shared/contract/dossier-fields.ts). */
import { ACTIONS } from '#shared/domain/lifecycle.ts';
import { feeFields } from './dossier-fields.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const ActionSchema = z.enum(ACTIONS);

export const FeeSchema = z.strictObject(feeFields);

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
