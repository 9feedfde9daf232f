/**
 * The identifiers other contracts name (a dossier's code and status, its agency and procedure),
 * apart from shared/contract/catalog.ts and dossier.ts: a function builds every schema of the
 * contract modules it imports at its cold start, and most name a dossier or a procedure without
 * reading either.
 */
import { DOSSIER_CODE_MAX_LENGTH, DOSSIER_CODE_PATTERN } from '#shared/domain/dossier-code.ts';
import { DOSSIER_STATUSES } from '#shared/domain/status.ts';
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

export const StatusSchema = z.enum(DOSSIER_STATUSES as [string, ...string[]]);
/** `{unitCode}-{yyMMdd}-{NNNN}`; the format lives in the domain (shared/domain/dossier-code.ts). */
export const DossierCodeSchema = withMeta(
  z
    .string()
    .check(
      z.maxLength(DOSSIER_CODE_MAX_LENGTH, { abort: true }),
      z.regex(DOSSIER_CODE_PATTERN, 'not a dossier code ({unitCode}-{yyMMdd}-{NNNN})'),
    ),
  { example: '000.21.01.H49-250715-0004' },
);
