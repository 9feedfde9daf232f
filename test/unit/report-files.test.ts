import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportLines, reportXlsx } from '#shared/adapters/report-files.ts';
import type { MonthlyReport } from '#shared/domain/reports.ts';

const report: MonthlyReport = {
  centerId: 'hong-gai',
  month: '2024-06',
  received: {
    total: 12,
    ownAuthority: 7,
    boundaryFree: 2,
    centerHandled: 9,
    vertical: 3,
    byAgency: { commune: 7, 'land-registry': 3, police: 2 },
  },
  online: { count: 5, base: 9, rate: 0.556 },
  byChannel: { DIRECT: 6, ONLINE: 5, POSTAL: 1 },
  timeliness: { finished: 8, early: 2, onTime: 5, late: 1, inProgress: 4, overdue: 1 },
};

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('the monthly report as XLSX', () => {
  it('is one sheet, "Báo cáo tháng", with the headed columns Chỉ tiêu and Số hồ sơ', async () => {
    const workbook = await workbookOf(await reportXlsx(report));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Báo cáo tháng']);
    const sheet = workbook.getWorksheet('Báo cáo tháng');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Chỉ tiêu', 'Số hồ sơ']);
    expect(sheet?.getCell('A1').font?.bold).toBe(true);
    expect(sheet?.getCell('B1').font?.bold).toBe(true);
    expect([sheet?.getColumn(1).width, sheet?.getColumn(2).width]).toEqual([48, 16]);
  });

  it('holds every line of the report in order: numbers as numbers, the rate as a percentage, headings bold', async () => {
    const sheet = (await workbookOf(await reportXlsx(report))).getWorksheet('Báo cáo tháng');
    const lines = reportLines(report);
    expect(sheet?.rowCount).toBe(lines.length + 1);
    lines.forEach((line, index) => {
      const row = sheet?.getRow(index + 2);
      expect(row?.getCell(1).value, line.label).toBe(line.label);
      expect(row?.getCell(2).value ?? null, line.label).toBe(line.value === '' ? null : line.value);
      expect(Boolean(row?.getCell(1).font?.bold), line.label).toBe(Boolean(line.heading));
      if (line.percent) expect(row?.getCell(2).numFmt).toBe('0.0%');
    });
    const cells = new Map(
      lines.map((line, index) => [line.label, sheet?.getRow(index + 2).getCell(2).value]),
    );
    expect(cells.get('Tổng số hồ sơ tiếp nhận')).toBe(12);
    expect(cells.get('Tỷ lệ trực tuyến')).toBe(0.556);
    expect(cells.get('land-registry')).toBe(3);
    expect(cells.get('Qua bưu chính công ích')).toBe(1);
  });

  it('holds the same lines as the CSV', async () => {
    const sheet = (await workbookOf(await reportXlsx(report))).getWorksheet('Báo cáo tháng');
    const csvLabels = reportCsv(report)
      .toString('utf8')
      .replace('\uFEFF', '')
      .trim()
      .split('\r\n')
      .map((row) => row.split(',')[0]);
    const xlsxLabels: string[] = [];
    sheet?.eachRow((row) => xlsxLabels.push(String(row.getCell(1).value)));
    expect(xlsxLabels).toEqual(csvLabels);
  });
});
