import type { Agency, Center, Unit } from '#shared/domain/catalog.ts';
import { AgencyIdSchema } from './identifiers.ts';
import { ProcedureSchema, UnitKindSchema } from './procedure.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

// Each in a module of its own: a function builds every schema of the contract modules it imports
// at its cold start, so a function imports the module of the schemas it uses, not this one.
export * from './calendar.ts';
export { AgencyIdSchema, ProcedureCodeSchema } from './identifiers.ts';
export * from './procedure.ts';
export * from './procedure-query.ts';

export const CenterSchema = withMeta(
  z.object({
    centerId: withMeta(z.string(), { example: 'hong-gai' }),
    name: z.string(),
    unitId: withMeta(z.string(), { description: "The center's own commune/ward People's Committee unit" }),
    unitCode: withMeta(z.string(), { description: 'Electronic identifier used in dossier codes' }),
  }),
  { id: 'Center' },
);

export const UnitSchema = withMeta(
  z.object({
    unitId: z.string(),
    name: z.string(),
    kind: UnitKindSchema,
    agencyId: AgencyIdSchema,
    unitCode: z.string(),
  }),
  { id: 'Unit' },
);

export const AgencySchema = withMeta(z.object({ agencyId: AgencyIdSchema, name: z.string() }), {
  id: 'Agency',
});

// The contract maps onto the domain's own types: a schema whose output stops fitting fails to compile.
CenterSchema satisfies z.ZodMiniType<Center>;
UnitSchema satisfies z.ZodMiniType<Unit>;
AgencySchema satisfies z.ZodMiniType<Agency>;

export const listOf = <T extends z.ZodMiniType>(item: T, id: string) =>
  withMeta(z.object({ items: z.array(item) }), { id });

export const ProcedurePageSchema = withMeta(
  z.object({ items: z.array(ProcedureSchema), nextCursor: z.optional(z.string()) }),
  { id: 'ProcedurePage' },
);
