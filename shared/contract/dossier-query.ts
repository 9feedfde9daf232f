/** GET /v1/dossiers' query (shared/contract/dossier-fields.ts). */
import { Id } from './dossier-fields.ts';
import { AgencyIdSchema, ProcedureCodeSchema, StatusSchema } from './identifiers.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

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
