import { reportCsv, reportFileName, reportXlsx } from '#shared/adapters/report-files.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { statsStore } from '#shared/config/services/stats-store.ts';
import {
  CSV_MEDIA_TYPE,
  MonthlyReportQuerySchema,
  type ReportFormat,
  XLSX_MEDIA_TYPE,
} from '#shared/contract/reports.ts';
import { httpHandler, parseQuery, principalOf } from '#shared/runtime/http.ts';
import { readMonthlyReport } from '#shared/use-cases/read-reports.ts';

/** `format=` wins; else the first of the file types the Accept header names; else JSON. */
function formatOf(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
  for (const type of types) {
    if (type === CSV_MEDIA_TYPE) return 'csv';
    if (type === XLSX_MEDIA_TYPE) return 'xlsx';
    if (type === 'application/json') return 'json';
  }
  return 'json';
}

/** GET /v1/reports/monthly — a center's (or the province's) monthly report, as JSON, CSV or XLSX. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const { format, ...query } = parseQuery(request, MonthlyReportQuerySchema);
  const report = await readMonthlyReport({ catalog: catalog(), stats: statsStore() }, principal, query);
  const as = formatOf(format, request.headers.accept);
  if (as === 'json') return { status: 200, body: report };
  return {
    status: 200,
    // CSV as text: API Gateway sends base64 bodies as bytes only for its binary media types (XLSX).
    body: as === 'csv' ? reportCsv(report).toString('utf8') : await reportXlsx(report),
    headers: {
      'content-type': as === 'csv' ? `${CSV_MEDIA_TYPE}; charset=utf-8` : XLSX_MEDIA_TYPE,
      'content-disposition': `attachment; filename="${reportFileName(report, as)}"`,
    },
  };
});
