/**
 * Lays a receipt's content (shared/domain/receipt.ts) out on one A4 page with pdf-lib, in Be
 * Vietnam Pro embedded whole (measured ahead of time: receipt-fontkit.ts), with a QR code of the
 * lookup URL. The same content gives the same bytes: the dates are the dossier's, the fonts have
 * fixed names, and nothing else varies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { RECEIPT_FONT_FILES } from '#shared/config/runtime-names.ts';
import type { ReceiptContent } from '#shared/domain/receipt.ts';
import type { ReceiptRenderer } from '#shared/use-cases/ports.ts';
import { receiptFontkit } from './receipt-fontkit.ts';

const fontCache = new Map<string, Uint8Array>();

/**
 * A font file: copied next to the bundle (Lambda, FunctionSpec.bundledFiles), or from its package.
 * Read once per execution environment, not once per receipt.
 */
function fontBytes(specifier: string): Uint8Array {
  let bytes = fontCache.get(specifier);
  if (!bytes) {
    const fileName = specifier.split('/').at(-1) ?? specifier;
    const besideBundle = join(dirname(fileURLToPath(import.meta.url)), fileName);
    bytes = existsSync(besideBundle)
      ? readFileSync(besideBundle)
      : readFileSync(createRequire(import.meta.url).resolve(specifier));
    fontCache.set(specifier, bytes);
  }
  return bytes;
}

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 56;
const INK = rgb(0, 0, 0);
const QR_SIZE = 110;
const FIELD_LINES = 3;

type Fonts = { regular: PDFFont; bold: PDFFont };

/** Splits text into lines no wider than `width` at `size` (words longer than a line are cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

class Cursor {
  y = A4.height - MARGIN;
  private readonly page: PDFPage;
  private readonly fonts: Fonts;
  constructor(page: PDFPage, fonts: Fonts) {
    this.page = page;
    this.fonts = fonts;
  }

  centered(text: string, size: number, bold = false, x0 = MARGIN, width = A4.width - 2 * MARGIN): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(text, font, size, width)) {
      const x = x0 + (width - font.widthOfTextAtSize(line, size)) / 2;
      this.page.drawText(line, { x, y: this.y - size, size, font, color: INK });
      this.y -= size * 1.35;
    }
  }

  /** `label: value`, the value wrapped under itself. */
  field(label: string, value: string, size: number, width: number): void {
    const labelText = `${label}: `;
    const labelWidth = Math.min(this.fonts.bold.widthOfTextAtSize(labelText, size), width * 0.5);
    this.page.drawText(labelText, { x: MARGIN, y: this.y - size, size, font: this.fonts.bold, color: INK });
    // At most FIELD_LINES lines a field, so the page never runs into the QR code and signature.
    const lines = wrap(value, this.fonts.regular, size, width - labelWidth);
    const shown =
      lines.length > FIELD_LINES
        ? [...lines.slice(0, FIELD_LINES - 1), `${lines[FIELD_LINES - 1]} …`]
        : lines;
    for (const line of shown) {
      this.page.drawText(line, {
        x: MARGIN + labelWidth,
        y: this.y - size,
        size,
        font: this.fonts.regular,
        color: INK,
      });
      this.y -= size * 1.4;
    }
  }

  text(text: string, size: number, x: number, width: number, bold = false): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(text, font, size, width)) {
      this.page.drawText(line, { x, y: this.y - size, size, font, color: INK });
      this.y -= size * 1.4;
    }
  }

  gap(points: number): void {
    this.y -= points;
  }
}

export async function renderReceiptPdf(receipt: ReceiptContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(receiptFontkit);
  // Whole fonts: @pdf-lib/fontkit's subsets can lose glyphs silently (blank in print while the
  // text still extracts; pdf-lib documents subsetting as not working for every font), and the
  // measured engine makes no subsets.
  const fonts: Fonts = {
    regular: await pdf.embedFont(fontBytes(RECEIPT_FONT_FILES.regular), {
      subset: false,
      customName: 'BeVietnamPro-Regular',
    }),
    bold: await pdf.embedFont(fontBytes(RECEIPT_FONT_FILES.bold), {
      subset: false,
      customName: 'BeVietnamPro-Bold',
    }),
  };
  const issued = new Date(receipt.issuedAt);
  pdf.setTitle(`${receipt.title} ${receipt.dossierCode}`);
  pdf.setSubject(receipt.dossierCode);
  pdf.setLanguage('vi-VN');
  pdf.setProducer('motcua');
  pdf.setCreator('motcua');
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);

  const page = pdf.addPage([A4.width, A4.height]);
  const cursor = new Cursor(page, fonts);
  const contentWidth = A4.width - 2 * MARGIN;
  const half = contentWidth / 2;

  // Header: the receiving body on the left, the national motto on the right.
  const top = cursor.y;
  cursor.centered(receipt.issuer.toUpperCase(), 10, true, MARGIN, half - 8);
  const leftBottom = cursor.y;
  cursor.y = top;
  cursor.centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 10, true, MARGIN + half, half);
  cursor.centered('Độc lập - Tự do - Hạnh phúc', 10, true, MARGIN + half, half);
  cursor.y = Math.min(cursor.y, leftBottom);
  cursor.gap(22);
  cursor.centered(receipt.title, 14, true);
  cursor.centered(`Mã hồ sơ: ${receipt.dossierCode}`, 11, true);
  cursor.gap(14);

  for (const line of receipt.lines) cursor.field(line.label, line.value, 10.5, contentWidth);
  cursor.gap(8);
  cursor.text('Giấy tờ đã nhận:', 10.5, MARGIN, contentWidth, true);
  const qrTop = 2 * MARGIN + QR_SIZE;
  receipt.documents.forEach((doc, index) => {
    if (cursor.y < qrTop + 30) return;
    const left = receipt.documents.length - index;
    const text =
      cursor.y < qrTop + 44 && left > 1
        ? `… và ${left} giấy tờ khác`
        : `${index + 1}. ${doc.name} — ${doc.copies} bản${doc.digitized ? ', đã số hóa' : ''}`;
    cursor.text(text, 10, MARGIN + 12, contentWidth - 12);
  });

  // QR code of the lookup page, bottom left; the receiving officer signs on the right.
  const png = await QRCode.toBuffer(receipt.lookupUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 4,
  });
  const image = await pdf.embedPng(png);
  page.drawImage(image, { x: MARGIN, y: MARGIN + 14, width: QR_SIZE, height: QR_SIZE });
  page.drawText('Quét mã để tra cứu hồ sơ', {
    x: MARGIN,
    y: MARGIN,
    size: 9,
    font: fonts.regular,
    color: INK,
  });
  const signX = MARGIN + half;
  page.drawText('NGƯỜI TIẾP NHẬN', {
    x: signX + (half - fonts.bold.widthOfTextAtSize('NGƯỜI TIẾP NHẬN', 10.5)) / 2,
    y: MARGIN + QR_SIZE,
    size: 10.5,
    font: fonts.bold,
    color: INK,
  });
  const hint = '(Ký và ghi rõ họ tên)';
  page.drawText(hint, {
    x: signX + (half - fonts.regular.widthOfTextAtSize(hint, 9)) / 2,
    y: MARGIN + QR_SIZE - 14,
    size: 9,
    font: fonts.regular,
    color: INK,
  });

  // No object streams: plain, stable output that any reader (and the tests) can take apart.
  return pdf.save({ useObjectStreams: false });
}

export const pdfReceiptRenderer: ReceiptRenderer = { render: renderReceiptPdf };
