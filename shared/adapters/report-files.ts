/**
 * The monthly report as files a center director opens in a spreadsheet as they are: CSV (UTF-8
 * with a byte order mark, so Excel reads the Vietnamese headings; CRLF lines) and XLSX
 * (write-excel-file: ≈ 75 KB bundled with its zip library, where exceljs was ≈ 1.2 MB).
 * Both hold the same lines, headed in Vietnamese.
 */
import type { MonthlyReport } from '#shared/domain/reports.ts';

type Line = { label: string; value: number | string; percent?: boolean; heading?: boolean };

const CHANNEL_LABELS = { DIRECT: 'Trực tiếp', ONLINE: 'Trực tuyến', POSTAL: 'Qua bưu chính công ích' };

/** The report's lines, in the order the province's own report reads. */
export function reportLines(report: MonthlyReport): Line[] {
  const { received, online, byChannel, timeliness } = report;
  return [
    { label: 'Đơn vị', value: report.centerId ?? 'Toàn tỉnh' },
    { label: 'Tháng', value: report.month },
    { label: 'Tiếp nhận', value: '', heading: true },
    { label: 'Tổng số hồ sơ tiếp nhận', value: received.total },
    { label: '– Thuộc thẩm quyền UBND phường/xã', value: received.ownAuthority },
    { label: '– Phi địa giới hành chính', value: received.boundaryFree },
    { label: '= Trung tâm trực tiếp giải quyết', value: received.centerHandled },
    { label: '– Cơ quan ngành dọc giải quyết', value: received.vertical },
    { label: 'Theo hệ thống cơ quan', value: '', heading: true },
    ...Object.entries(received.byAgency).map(([agencyId, n]) => ({ label: agencyId, value: n })),
    { label: 'Trực tuyến (trong số Trung tâm giải quyết)', value: '', heading: true },
    { label: 'Hồ sơ trực tuyến', value: online.count },
    { label: 'Hồ sơ Trung tâm giải quyết', value: online.base },
    { label: 'Tỷ lệ trực tuyến', value: online.rate, percent: true },
    { label: 'Theo kênh tiếp nhận', value: '', heading: true },
    ...(['DIRECT', 'ONLINE', 'POSTAL'] as const).map((c) => ({
      label: CHANNEL_LABELS[c],
      value: byChannel[c],
    })),
    { label: 'Tiến độ giải quyết', value: '', heading: true },
    { label: 'Đã giải quyết', value: timeliness.finished },
    { label: '– Trước hạn', value: timeliness.early },
    { label: '– Đúng hạn', value: timeliness.onTime },
    { label: '– Quá hạn', value: timeliness.late },
    { label: 'Đang giải quyết', value: timeliness.inProgress },
    { label: '– Trong đó quá hạn', value: timeliness.overdue },
  ];
}

const csvCell = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** A rate as Vietnamese write a percentage: 63,6%. */
const percentText = (rate: number) => `${(rate * 100).toFixed(1).replace('.', ',')}%`;

export function reportCsv(report: MonthlyReport): Buffer {
  const rows = [
    ['Chỉ tiêu', 'Số hồ sơ'],
    ...reportLines(report).map((line) => [
      line.label,
      line.percent ? percentText(Number(line.value)) : String(line.value),
    ]),
  ];
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

export async function reportXlsx(report: MonthlyReport): Promise<Buffer> {
  // Loaded on the first XLSX download: the JSON and CSV answers never need the writer.
  const { default: writeExcelFile } = await import('write-excel-file/node');
  const bold = (value: string) => ({ value, fontWeight: 'bold' as const });
  const rows = [
    [bold('Chỉ tiêu'), bold('Số hồ sơ')],
    ...reportLines(report).map((line) => [
      line.heading ? bold(line.label) : line.label,
      line.value === '' ? null : line.percent ? { value: Number(line.value), format: '0.0%' } : line.value,
    ]),
  ];
  return writeExcelFile(rows, { sheet: 'Báo cáo tháng', columns: [{ width: 48 }, { width: 16 }] }).toBuffer();
}

/** The file name a download is saved under. */
export const reportFileName = (report: MonthlyReport, extension: 'csv' | 'xlsx') =>
  `bao-cao-${report.centerId ?? 'toan-tinh'}-${report.month}.${extension}`;
