/**
 * The receipt as printed: one A4 page whose text, read back by a PDF library, carries the title
 * and the code with their diacritics, whose QR code decodes to the lookup URL, and whose bytes
 * repeat for the same dossier version.
 */
import { describe, expect, it } from 'vitest';
import { renderReceiptPdf } from '#shared/adapters/receipt-pdf.ts';
import { RECEIPT_TITLE, receiptContent } from '#shared/domain/receipt.ts';
import { storedDossier } from '../fixtures/citizen.ts';
import { readPdf } from '../fixtures/pdf.ts';

const URL = 'http://127.0.0.1:3000/tra-cuu?ma=000.21.01.H49-261126-0001&so=0123';
const content = (overrides: Parameters<typeof storedDossier>[0] = {}) =>
  receiptContent(
    storedDossier(overrides),
    { name: 'Trung tâm Phục vụ hành chính công phường Hồng Gai' },
    { documents: [{ code: 'TP01', name: 'Tờ khai đăng ký khai sinh', mandatory: true }] },
    URL,
  );

describe('receipt PDF', () => {
  it('is one A4 page whose text holds the title and the code with diacritics, and whose QR is the lookup URL', async () => {
    const read = await readPdf(await renderReceiptPdf(content()));
    expect(read.pages).toEqual([{ width: 595.28, height: 841.89 }]);
    expect(read.text).toContain(RECEIPT_TITLE);
    expect(read.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(read.text).toContain('000.21.01.H49-261126-0001');
    expect(read.text).toContain('Nguyễn Văn An');
    expect(read.text).toContain('Tờ khai đăng ký khai sinh — 2 bản');
    expect(read.text).toContain('08 giờ 05 phút, ngày 27/11/2026');
    expect(read.qrCodes).toEqual([URL]);
  });

  it('reads back words with the letter pairs fonts join (fi, ffi, fl) as typed', async () => {
    // fontkit's ligatures drew "office" with a glyph the PDF's text map lacked: read back "oŏce".
    const summary = 'Bản sao (office, file, affidavit, flat)';
    const read = await readPdf(await renderReceiptPdf(content({ summary })));
    expect(read.text).toContain(summary);
  });

  it('gives the same bytes for the same dossier version, and other bytes for another', async () => {
    const first = await renderReceiptPdf(content());
    const again = await renderReceiptPdf(content());
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    const later = await renderReceiptPdf(content({ status: 'IN_PROGRESS', version: 2 }));
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
  });

  it('stays on one page with many documents and long text', async () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({ documentCode: `TP${i}`, copies: 1 }));
    const read = await readPdf(
      await renderReceiptPdf(content({ documents, summary: 'Nội dung rất dài '.repeat(40) })),
    );
    expect(read.pages).toHaveLength(1);
    expect(read.text).toMatch(/… và \d+ giấy tờ khác/);
    expect(read.qrCodes).toEqual([URL]);
  });
});
