/**
 * The font engine pdf-lib asks for (`registerFontkit`), answered from the receipt fonts' metrics
 * (receipt-font-metrics.json, written by `npm run receipt-fonts` with fontkit) instead of by
 * parsing the font files: the receipt embeds each font whole, so pdf-lib needs from the engine
 * only each character's glyph and advance width and the font's metrics. That keeps fontkit
 * (≈ 920 KB, most of the receipt function's bundle) out of the bundle and the font parse out of
 * the first receipt.
 *
 * Each character maps to its glyph one to one, without the font's ligatures: pdf-lib's text map
 * (ToUnicode) knows only the glyphs of single characters, so with fontkit's `fi`/`ffi` ligatures
 * "office" read back from the receipt as "oŏce".
 */
import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import metrics from './receipt-font-metrics.json' with { type: 'json' };

/** One font as receipt-font-metrics.json holds it; glyphs are `[codePoint, glyphId, advanceWidth]`. */
export type FontMetrics = {
  file: string;
  sha256: string;
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: number[];
  familyClass: number;
  fixedPitch: boolean;
  italic: boolean;
  notdefAdvance: number;
  glyphs: number[][];
};

type Glyph = { id: number; advanceWidth: number; codePoints: number[] };

/** What pdf-lib's CustomFontEmbedder and deriveFontFlags read of a font, and nothing else. */
class MeasuredFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly cff = false;
  readonly 'OS/2': { sFamilyClass: number };
  readonly post: { isFixedPitch: boolean };
  readonly head: { macStyle: { italic: boolean } };
  readonly characterSet: number[];
  private readonly glyphs = new Map<number, Glyph>();
  private readonly notdefAdvance: number;

  constructor(font: FontMetrics) {
    this.postscriptName = font.postscriptName;
    this.unitsPerEm = font.unitsPerEm;
    this.ascent = font.ascent;
    this.descent = font.descent;
    this.capHeight = font.capHeight;
    this.xHeight = font.xHeight;
    this.italicAngle = font.italicAngle;
    const [minX = 0, minY = 0, maxX = 0, maxY = 0] = font.bbox;
    this.bbox = { minX, minY, maxX, maxY };
    this['OS/2'] = { sFamilyClass: font.familyClass };
    this.post = { isFixedPitch: font.fixedPitch };
    this.head = { macStyle: { italic: font.italic } };
    this.notdefAdvance = font.notdefAdvance;
    for (const [codePoint = 0, id = 0, advanceWidth = 0] of font.glyphs) {
      this.glyphs.set(codePoint, { id, advanceWidth, codePoints: [codePoint] });
    }
    this.characterSet = [...this.glyphs.keys()];
  }

  /** A character the font lacks is its .notdef glyph (0), as with fontkit. */
  glyphForCodePoint(codePoint: number): Glyph {
    return this.glyphs.get(codePoint) ?? { id: 0, advanceWidth: this.notdefAdvance, codePoints: [codePoint] };
  }

  hasGlyphForCodePoint(codePoint: number): boolean {
    return this.glyphs.has(codePoint);
  }

  layout(text: string): { glyphs: Glyph[] } {
    return { glyphs: Array.from(text, (char) => this.glyphForCodePoint(char.codePointAt(0) ?? 0)) };
  }
}

const FONTS = new Map<string, MeasuredFont>();

/** The engine, for `PDFDocument.registerFontkit`; embed with `subset: false` (it makes no subsets). */
export const receiptFontkit = {
  create(bytes: Uint8Array): MeasuredFont {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let font = FONTS.get(sha256);
    if (!font) {
      const measured = (metrics.fonts as FontMetrics[]).find((f) => f.sha256 === sha256);
      if (!measured) {
        throw new Error(
          'No metrics for this font: run `npm run receipt-fonts` after changing the receipt fonts',
        );
      }
      font = new MeasuredFont(measured);
      FONTS.set(sha256, font);
    }
    return font;
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];
