/**
 * `npm run report -- --center hong-gai --month 2025-07 [--url …] [--client …] [--secret …]`:
 * the monthly report and the Decision 766 indicators of a center (or, without --center, of the
 * province, as the admin) as tables in the terminal.
 */
import { parseArgs } from 'node:util';
import type { IndicatorReport } from '#shared/domain/indicators.ts';
import type { MonthlyReport } from '#shared/domain/reports.ts';
import { API_OPTIONS, ApiClient, describeProblem } from './api-client.ts';

const { values } = parseArgs({
  options: { ...API_OPTIONS, center: { type: 'string' }, month: { type: 'string' } },
});
if (!values.month) {
  console.error('usage: npm run report -- --center hong-gai --month 2025-07 [--url URL]');
  process.exit(2);
}
const client = values.client ?? (values.center ? `local-center-${values.center}` : 'local-admin');
const api = new ApiClient({ url: values.url, client, secret: values.secret });
const query = new URLSearchParams({
  month: values.month,
  ...(values.center ? { centerId: values.center } : {}),
});

const get = async <T>(path: string): Promise<T> => {
  const { status, json } = await api.request<T>('GET', `${path}?${query}`);
  if (status !== 200) {
    console.error(describeProblem(status, json));
    process.exit(1);
  }
  return json;
};

const number = new Intl.NumberFormat('en-US');
const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/** A table with a header row, aligned: text left, numbers right. */
function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((c) => (typeof c === 'number' ? number.format(c) : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[], numeric: boolean[]) =>
    `│ ${row.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const numericOf = (row: Array<string | number>) => row.map((c) => typeof c === 'number');
  return [
    rule('┌', '┬', '┐'),
    line(
      header,
      header.map(() => false),
    ),
    rule('├', '┼', '┤'),
    ...rows.map((row, r) => line(cells[r + 1] ?? [], numericOf(row))),
    rule('└', '┴', '┘'),
  ].join('\n');
}

const report = await get<MonthlyReport>('/v1/reports/monthly');
const indicators = await get<IndicatorReport>('/v1/reports/indicators');
const { received, online, byChannel, timeliness } = report;

console.log(`Monthly report — ${report.centerId ?? 'province'} — ${report.month}\n`);
console.log(
  table(
    ['line', 'dossiers'],
    [
      ['received in the month, all', received.total],
      ['– own authority', received.ownAuthority],
      ['– boundary-free', received.boundaryFree],
      ['= handled by the center', received.centerHandled],
      ['– vertical agencies', received.vertical],
      [
        'online among center-handled',
        `${number.format(online.count)} / ${number.format(online.base)} = ${online.rate.toFixed(3)}`,
      ],
      ...Object.entries(received.byAgency).map(([agency, n]): [string, number] => [
        `agency system ${agency}`,
        n,
      ]),
      ...Object.entries(byChannel).map(([channel, n]): [string, number] => [`channel ${channel}`, n]),
      ['finished', timeliness.finished],
      ['– early', timeliness.early],
      ['– on time', timeliness.onTime],
      ['– late', timeliness.late],
      ['in progress', timeliness.inProgress],
      ['– overdue', timeliness.overdue],
    ],
  ),
);
console.log(`\nDecision 766 indicators — ${report.centerId ?? 'province'} — ${report.month}\n`);
console.log(
  table(
    ['id', 'indicator', 'numerator', 'denominator', 'rate', 'score', 'max'],
    [
      ...indicators.indicators.map((i) => [
        i.id,
        i.name,
        i.numerator,
        i.denominator,
        percent(i.rate),
        i.score.toFixed(2),
        i.maxScore.toFixed(2),
      ]),
      ...indicators.groups.map((g) => [
        '',
        `group ${g.group}`,
        '',
        '',
        '',
        g.score.toFixed(2),
        g.maxScore.toFixed(2),
      ]),
      ['', 'total', '', '', '', indicators.total.score.toFixed(2), indicators.total.maxScore.toFixed(2)],
    ],
  ),
);
