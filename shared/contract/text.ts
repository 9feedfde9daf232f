/**
 * Free text in requests (names, addresses, summaries, notes, codes and names of documents and
 * fees): what is stored is printed on receipts, synced to the portal and shown to officers, so it
 * must be well-formed Unicode without control characters, and compare equal however it was typed.
 */
import * as z from './zod.ts';

// Control characters (C0, DEL, C1) and the BMP noncharacters; multi-line fields keep tab, LF, CR.
const SINGLE_LINE_REFUSED = /[\p{Cc}\uFFFE\uFFFF]/v;
const MULTI_LINE_REFUSED = /[[\p{Cc}\uFFFE\uFFFF]--[\t\n\r]]/v;

export const TEXT_RULE =
  'Text fields are well-formed Unicode without control characters (multi-line fields such as ' +
  'summary and note may hold tabs and line breaks); they are trimmed and stored in NFC.';

/**
 * A text field, trimmed (a trailing line break is whitespace, not content), then refused if it
 * holds a lone surrogate or a control character, then normalized to NFC (Vietnamese typed with
 * combining marks equals the precomposed form), and held to its length.
 */
export function text(options: { max: number; min?: number; multiline?: boolean }) {
  const refused = options.multiline ? MULTI_LINE_REFUSED : SINGLE_LINE_REFUSED;
  return z.string().check(
    z.trim(),
    z.refine((value) => value.isWellFormed(), {
      message: 'must be well-formed Unicode (no lone surrogates)',
      abort: true,
    }),
    z.refine((value) => !refused.test(value), {
      message: options.multiline
        ? 'must not contain control characters other than tab and line breaks'
        : 'must not contain control characters or line breaks',
      abort: true,
    }),
    z.normalize('NFC'),
    z.minLength(options.min ?? 1),
    z.maxLength(options.max),
  );
}
