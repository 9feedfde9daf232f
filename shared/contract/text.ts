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

// The checks every text field shares; each length is a schema of its own, made once: a function's
// cold import builds every schema of the contracts it imports, and text fields are the most.
const trim = z.trim();
const wellFormed = z.refine<string>((value) => value.isWellFormed(), {
  message: 'must be well-formed Unicode (no lone surrogates)',
  abort: true,
});
const noControlCharacters = z.refine<string>((value) => !SINGLE_LINE_REFUSED.test(value), {
  message: 'must not contain control characters or line breaks',
  abort: true,
});
const noControlCharactersButLineBreaks = z.refine<string>((value) => !MULTI_LINE_REFUSED.test(value), {
  message: 'must not contain control characters other than tab and line breaks',
  abort: true,
});
const nfc = z.normalize('NFC');
const made = new Map<string, z.ZodMiniString>();

/**
 * A text field, trimmed (a trailing line break is whitespace, not content), then refused if it
 * holds a lone surrogate or a control character, then normalized to NFC (Vietnamese typed with
 * combining marks equals the precomposed form), and held to its length.
 */
export function text(options: { max: number; min?: number; multiline?: boolean }): z.ZodMiniString {
  const min = options.min ?? 1;
  const key = `${min}-${options.max}${options.multiline ? ' multiline' : ''}`;
  const existing = made.get(key);
  if (existing) return existing;
  const schema = z
    .string()
    .check(
      trim,
      wellFormed,
      options.multiline ? noControlCharactersButLineBreaks : noControlCharacters,
      nfc,
      z.minLength(min),
      z.maxLength(options.max),
    );
  made.set(key, schema);
  return schema;
}
