/**
 * The receipt a center prints when it takes a dossier in: "Giấy tiếp nhận hồ sơ và hẹn trả kết
 * quả" (docs/domain.md, the documents a center prints). This is its content, in Vietnamese;
 * shared/adapters/receipt-pdf.ts lays it out on an A4 page.
 */
import type { ProcessingTime } from './calendar.ts';
import type { Center, Procedure } from './catalog.ts';
import type { Dossier, ResultDelivery } from './dossier.ts';
import { STATUS_NAMES_VI } from './status-names.ts';

export const RECEIPT_TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

export type ReceiptLine = { label: string; value: string };
export type ReceiptDocument = { name: string; copies: number; digitized: boolean };
export type ReceiptContent = {
  /** The receiving body, as the header names it. */
  issuer: string;
  title: string;
  dossierCode: string;
  lines: ReceiptLine[];
  documents: ReceiptDocument[];
  /** What the QR code holds: the public lookup page of this dossier. */
  lookupUrl: string;
  /** The stored instant the receipt describes: the PDF's creation date, so bytes repeat. */
  issuedAt: string;
};

/** `2026-11-26T08:05:00+07:00` → `08 giờ 05 phút, ngày 26/11/2026` (already Vietnam time). */
export function vietnameseDateTime(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, y, mo, d, h, mi] = match;
  return `${h} giờ ${mi} phút, ngày ${d}/${mo}/${y}`;
}

/** The statutory time as the procedure states it: `5 ngày làm việc`, `8 giờ làm việc`. */
export function statutoryTime(processing: ProcessingTime): string {
  const parts = [
    processing.days ? `${processing.days} ngày làm việc` : '',
    processing.calendarDays ? `${processing.calendarDays} ngày` : '',
    processing.months ? `${processing.months} tháng` : '',
    processing.hours ? `${processing.hours} giờ làm việc` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'Trong ngày';
}

const DELIVERY_PLACES: Record<ResultDelivery, (center: string) => string> = {
  COUNTER: (center) => `Tại bộ phận một cửa: ${center}`,
  POSTAL: () => 'Qua dịch vụ bưu chính công ích đến địa chỉ của người nộp',
  ONLINE: () => 'Trực tuyến, trên Cổng Dịch vụ công',
};

export function receiptContent(
  dossier: Dossier,
  center: Pick<Center, 'name'> | undefined,
  procedure: Pick<Procedure, 'documents'> | undefined,
  lookupUrl: string,
): ReceiptContent {
  const centerName = center?.name ?? dossier.centerId;
  const documentName = (code: string) => procedure?.documents.find((d) => d.code === code)?.name ?? code;
  const applicant = dossier.applicant;
  const optional = (label: string, value: string | undefined): ReceiptLine[] =>
    value ? [{ label, value }] : [];
  return {
    issuer: centerName,
    title: RECEIPT_TITLE,
    dossierCode: dossier.dossierCode,
    lines: [
      { label: 'Thủ tục', value: `${dossier.procedureName} (${dossier.procedureCode})` },
      { label: applicant.type === 'CITIZEN' ? 'Người nộp' : 'Tổ chức', value: applicant.fullName },
      { label: 'Địa chỉ', value: applicant.address },
      ...optional('Số điện thoại', applicant.phone),
      ...optional('Thư điện tử', applicant.email),
      { label: 'Nội dung yêu cầu', value: dossier.summary },
      { label: 'Thời gian giải quyết theo quy định', value: statutoryTime(dossier.processing) },
      {
        label: 'Thời gian nhận hồ sơ',
        value: vietnameseDateTime(dossier.receivedAt ?? dossier.submittedAt),
      },
      {
        label: 'Thời gian hẹn trả kết quả',
        value: dossier.dueAt ? vietnameseDateTime(dossier.dueAt) : 'Sẽ hẹn khi hồ sơ được tiếp nhận',
      },
      { label: 'Nơi trả kết quả', value: DELIVERY_PLACES[dossier.resultDelivery](centerName) },
      { label: 'Trạng thái', value: STATUS_NAMES_VI[dossier.status] },
    ],
    documents: dossier.documents.map((doc) => ({
      name: documentName(doc.documentCode),
      copies: doc.copies ?? 1,
      digitized: doc.digitized ?? Boolean(doc.attachmentId),
    })),
    lookupUrl,
    issuedAt: dossier.receivedAt ?? dossier.submittedAt,
  };
}
