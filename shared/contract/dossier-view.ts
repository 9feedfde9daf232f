/**
 * A dossier as one dossier's responses show it: its summary (shared/contract/dossier-summary.ts)
 * and its history.
 */
import { Instant } from './dossier-fields.ts';
import { DossierSummarySchema } from './dossier-summary.ts';
import { StatusSchema } from './identifiers.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

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

export const DossierSchema = withMeta(
  z.extend(DossierSummarySchema, { history: z.array(TimelineEntrySchema) }),
  {
    id: 'Dossier',
  },
);
