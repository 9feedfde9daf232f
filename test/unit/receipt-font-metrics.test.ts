import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import {
  FONT_METRICS_FILE,
  fontMetricsFileText,
  installedFontBytes,
} from '#infra/cli/receipt-font-metrics.ts';
import { RECEIPT_FONT_FILES } from '#infra/topology.ts';
import { receiptFontkit } from '#shared/adapters/receipt-fontkit.ts';

describe('the receipt fonts’ metrics (shared/adapters/receipt-font-metrics.json)', () => {
  it('are what fontkit reads from the installed fonts now (else: npm run receipt-fonts)', () => {
    const committed = readFileSync(FONT_METRICS_FILE, 'utf8');
    expect(
      committed === fontMetricsFileText(),
      'shared/adapters/receipt-font-metrics.json is out of date: run `npm run receipt-fonts`',
    ).toBe(true);
  });

  for (const [weight, file] of Object.entries(RECEIPT_FONT_FILES)) {
    it(`give pdf-lib what fontkit gives it for the ${weight} font: metrics, and each character’s glyph and width`, () => {
      const bytes = installedFontBytes(file);
      const parsed = fontkit.create(bytes);
      const measured = receiptFontkit.create(bytes);
      for (const key of [
        'postscriptName',
        'unitsPerEm',
        'ascent',
        'descent',
        'capHeight',
        'xHeight',
      ] as const) {
        expect(measured[key], key).toBe(parsed[key]);
      }
      expect(measured.bbox).toMatchObject({ ...parsed.bbox });
      expect(measured.characterSet).toEqual([...parsed.characterSet].sort((a, b) => a - b));
      for (const codePoint of [...parsed.characterSet, 0x4e00]) {
        const { id, advanceWidth } = parsed.glyphForCodePoint(codePoint);
        expect(measured.glyphForCodePoint(codePoint), `U+${codePoint.toString(16)}`).toMatchObject({
          id,
          advanceWidth,
        });
      }
      // Vietnamese in NFC (as the contract stores text) lays out glyph for glyph as fontkit shapes it.
      const text =
        'Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Nguyễn Thị Ửng, phường Hồng Gai: 08 giờ 05 phút';
      expect(measured.layout(text).glyphs.map((g) => g.id)).toEqual(
        parsed.layout(text).glyphs.map((g) => g.id),
      );
    });
  }

  it('are refused for a font they were not read from', () => {
    const bytes = new Uint8Array(installedFontBytes(RECEIPT_FONT_FILES.regular));
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    expect(() => receiptFontkit.create(bytes)).toThrow(/npm run receipt-fonts/);
  });
});
