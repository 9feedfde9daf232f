/**
 * The PDF receipt renderer (receipt-pdf.ts), loaded on the first receipt rather than at cold
 * start: pdf-lib and qrcode are most of the receipt function's bundle, and a cold start
 * that ends in a 404 or a 403 never needs them.
 */
import type { ReceiptRenderer } from '#shared/use-cases/ports.ts';

export const pdfReceiptRenderer: ReceiptRenderer = {
  render: async (receipt) => (await import('./receipt-pdf.ts')).renderReceiptPdf(receipt),
};
