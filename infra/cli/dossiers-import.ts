/**
 * `npm run dossiers:import -- <file.csv|file.jsonl> [--skip-invalid] [--url …] [--client …]
 * [--secret …] [--batch 500]`: legacy dossiers into a running deployment or local runtime,
 * through POST /v1/admin/dossiers:import. First every batch is checked (nothing written); with
 * any row wrong it prints each row's errors and exits 1, unless --skip-invalid. Then the batches
 * are written, with a progress bar. Re-running it changes nothing (codes already there stay).
 */
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { API_OPTIONS, ApiClient, describeProblem } from './api-client.ts';
import { type FileRow, readLegacyFile } from './legacy-file.ts';

type RowErrors = { row: number; dossierCode?: string; errors: Array<{ path: string; message: string }> };
type ImportAnswer = { imported: number; unchanged: number; skipped: RowErrors[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...API_OPTIONS,
    client: { type: 'string', default: 'local-admin' },
    'skip-invalid': { type: 'boolean', default: false },
    batch: { type: 'string', default: '500' },
  },
});

const file = positionals[0];
if (!file) {
  console.error('usage: npm run dossiers:import -- <file.csv|file.jsonl> [--skip-invalid] [--url URL]');
  process.exit(2);
}
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) {
  console.error('--batch: 1 to 500 rows');
  process.exit(2);
}
const skipInvalid = values['skip-invalid'];
const api = new ApiClient({ url: values.url, client: values.client, secret: values.secret });

const rows = await readLegacyFile(file);
const readable = rows.filter((r): r is Extract<FileRow, { row: unknown }> => 'row' in r);
const problems: string[] = rows.flatMap((r) => ('error' in r ? [`line ${r.line}: ${r.error}`] : []));
const batches = Array.from({ length: Math.ceil(readable.length / batchSize) }, (_, i) =>
  readable.slice(i * batchSize, (i + 1) * batchSize),
);

const bar = (label: string) =>
  new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );

async function send(batch: typeof readable, mode: { validateOnly?: boolean; skipInvalid?: boolean }) {
  const { status, json } = await api.request<ImportAnswer>('POST', '/v1/admin/dossiers:import', {
    rows: batch.map((r) => r.row),
    ...mode,
  });
  if (status !== 200) throw new Error(describeProblem(status, json));
  return json;
}

const wrongLines = new Set<number>();
const checking = bar('checking ');
checking.start(readable.length, 0);
for (const batch of batches) {
  const { skipped } = await send(batch, { validateOnly: true });
  for (const { row, dossierCode, errors } of skipped) {
    const line = batch[row]?.line ?? 0;
    wrongLines.add(line);
    for (const e of errors)
      problems.push(`line ${line}${dossierCode ? ` (${dossierCode})` : ''}: ${e.path}: ${e.message}`);
  }
  checking.increment(batch.length);
}
checking.stop();

if (problems.length > 0) {
  for (const p of problems.slice(0, 200)) console.error(p);
  if (problems.length > 200) console.error(`… and ${problems.length - 200} more`);
  if (!skipInvalid) {
    console.error(
      `${wrongLines.size + rows.length - readable.length} invalid row(s); nothing imported (--skip-invalid imports the others)`,
    );
    process.exit(1);
  }
}

const started = performance.now();
const totals = { imported: 0, unchanged: 0, skipped: 0 };
const writing = bar('importing');
writing.start(readable.length, 0);
for (const batch of batches) {
  const answer = await send(batch, { skipInvalid });
  totals.imported += answer.imported;
  totals.unchanged += answer.unchanged;
  totals.skipped += answer.skipped.length;
  writing.increment(batch.length);
}
writing.stop();
const seconds = (performance.now() - started) / 1000;
console.log(
  `imported ${totals.imported}, unchanged ${totals.unchanged}, skipped ${totals.skipped + rows.length - readable.length} ` +
    `in ${seconds.toFixed(1)} s (${Math.round(readable.length / seconds)} rows/s)`,
);
