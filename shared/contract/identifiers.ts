/**
 * The catalog's identifiers that other contracts name (a dossier's agency and procedure): apart
 * from shared/contract/catalog.ts, so that a function reading dossiers does not build the
 * catalog's schemas at its cold start.
 */
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

export const AgencyIdSchema = withMeta(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/)), {
  description: 'Agency system id; one fan-out queue each',
  example: 'land-registry',
});

export const ProcedureCodeSchema = withMeta(
  z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/,
        'a procedure code: up to 40 letters, digits, dots and dashes',
      ),
    ),
  { example: '1.001193' },
);
