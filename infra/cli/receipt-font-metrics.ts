/**
 * Writes `shared/adapters/receipt-font-metrics.json`: what pdf-lib needs to know of the receipt's
 * fonts (their metrics, and each character's glyph and advance width), read from the font files
 * with fontkit. The receipt renderer embeds the font files whole and takes the rest from this
 * file, so its bundle carries no font parser (fontkit alone was ≈ 920 KB of it).
 * A unit test (test/unit/receipt-font-metrics.test.ts) fails when the file does not match the
 * installed fonts.
 *
 *   npm run receipt-fonts            rewrites the file
 *   npm run receipt-fonts -- --check exits 1 when the file is out of date (writes nothing)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { RECEIPT_FONT_FILES } from '#infra/topology.ts';
import type { FontMetrics } from '#shared/adapters/receipt-fontkit.ts';

export const FONT_METRICS_FILE = new URL('../../shared/adapters/receipt-font-metrics.json', import.meta.url);

/** The bytes of a receipt font as installed (`<package>/<path>`). */
export const installedFontBytes = (specifier: string): Buffer =>
  readFileSync(createRequire(import.meta.url).resolve(specifier));

/** One font's metrics, as fontkit reads them. */
export function fontMetrics(specifier: string): FontMetrics {
  const bytes = installedFontBytes(specifier);
  const font = fontkit.create(bytes);
  if (font.cff) throw new Error(`${specifier}: a CFF font; the receipt embeds TrueType outlines only`);
  return {
    file: specifier,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    postscriptName: font.postscriptName ?? 'Font',
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    capHeight: font.capHeight,
    xHeight: font.xHeight,
    italicAngle: font.italicAngle,
    bbox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY],
    familyClass: font['OS/2']?.sFamilyClass ?? 0,
    fixedPitch: Boolean(font.post.isFixedPitch),
    italic: Boolean(font.head.macStyle.italic),
    notdefAdvance: font.getGlyph(0).advanceWidth,
    glyphs: [...font.characterSet]
      .sort((a, b) => a - b)
      .map((codePoint) => {
        const glyph = font.glyphForCodePoint(codePoint);
        return [codePoint, glyph.id, glyph.advanceWidth];
      }),
  };
}

/** The file's text: the metrics indented, one character a line (left alone by the formatter). */
export function fontMetricsFileText(): string {
  const fonts = Object.values(RECEIPT_FONT_FILES).map((specifier) => {
    const { glyphs, ...metrics } = fontMetrics(specifier);
    const head = JSON.stringify(metrics, null, 2).slice(0, -2).replaceAll('\n', '\n    ');
    const rows = glyphs.map((glyph) => `        ${JSON.stringify(glyph)}`).join(',\n');
    return `    ${head},\n      "glyphs": [\n${rows}\n      ]\n    }`;
  });
  return `{\n  "fonts": [\n${fonts.join(',\n')}\n  ]\n}\n`;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const text = fontMetricsFileText();
  JSON.parse(text);
  const current = await readFile(FONT_METRICS_FILE, 'utf8').catch(() => '');
  const name = 'shared/adapters/receipt-font-metrics.json';
  if (values.check) {
    if (current !== text) {
      process.stderr.write(`${name} is out of date: run \`npm run receipt-fonts\`\n`);
      process.exit(1);
    }
    process.stdout.write(`${name} is up to date\n`);
  } else if (current === text) {
    process.stdout.write(`${name} unchanged\n`);
  } else {
    await writeFile(FONT_METRICS_FILE, text);
    process.stdout.write(`${name} written (${Buffer.byteLength(text)} bytes)\n`);
  }
}
