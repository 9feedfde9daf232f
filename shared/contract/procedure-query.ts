/** GET /v1/procedures' query, apart from the catalog's other schemas (shared/contract/procedure.ts). */
import { AgencyIdSchema } from './identifiers.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const ProcedureListQuerySchema = z.strictObject({
  level: z.optional(z.enum(['PROVINCIAL', 'COMMUNE'])),
  agencyId: z.optional(AgencyIdSchema),
  q: withMeta(z.optional(z.string().check(z.minLength(1), z.maxLength(200))), {
    description: 'Words of the name or code, accents ignored',
  }),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
