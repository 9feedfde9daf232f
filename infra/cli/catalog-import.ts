/**
 * `npm run catalog:import -- <file.json|file.csv> [--url http://127.0.0.1:3000]
 *   [--client local-admin] [--secret local-secret] [--token-url <url>/oauth2/token] [--skip-invalid]`
 *
 * Loads procedures into the catalog of a running deployment or local runtime through its admin
 * bulk route (POST /v1/admin/procedures/import): every row is checked first (locally, then by the
 * API with dry runs), and nothing is written while any row is invalid unless --skip-invalid drops
 * those rows. Rows equal to what is stored are not written again, so a re-run is harmless. Exits
 * 1 on invalid rows (without --skip-invalid) or any failed request.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { IMPORT_BATCH_ROWS } from '#shared/contract/catalog-import.ts';
import type { Procedure } from '#shared/domain/catalog.ts';
import { MAX_BODY_BYTES } from '#shared/runtime/http.ts';
import { batches, type Row, readRecords, toRows } from './catalog-file.ts';

/** Headroom under the API's body limit for the request's own envelope. */
const BATCH_BYTES = MAX_BODY_BYTES - 16 * 1024;

type Totals = { created: number; replaced: number; unchanged: number };
type Problem = { detail?: string; errors?: { path: string; message: string }[] };

class ImportFailure extends Error {}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      client: { type: 'string', default: 'local-admin' },
      secret: { type: 'string', default: 'local-secret' },
      'token-url': { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error(
      'usage: npm run catalog:import -- <file.json|file.csv> [--url] [--client] [--secret] [--skip-invalid]',
    );
    return 2;
  }
  const url = values.url.replace(/\/+$/, '');
  const started = performance.now();

  const rows = toRows(readRecords(file, await readFile(file, 'utf8')));
  const token = await accessToken(values['token-url'] ?? `${url}/oauth2/token`, values.client, values.secret);

  // Check every row against the catalog (dry runs) before writing any.
  const readable = rows.filter((r) => r.procedure);
  await eachBatch('checking ', readable, async (batch) => {
    const answer = await post(url, token, batch, true);
    if (answer.ok) return;
    if (answer.status !== 422 || !answer.problem.errors) throw failure(answer.status, answer.problem);
    for (const { path, message } of answer.problem.errors) {
      const [, index, ...field] = path.split('.');
      const row = batch[Number(index)];
      if (row) row.errors.push(`${field.join('.') || '(row)'}: ${message}`);
    }
  });

  const invalid = rows.filter((r) => r.errors.length > 0);
  for (const r of invalid) {
    const code = r.code ? ` (${r.code})` : '';
    for (const error of r.errors) console.error(`row ${r.row}${code}: ${error}`);
  }
  if (invalid.length > 0 && !values['skip-invalid']) {
    console.error(
      `${invalid.length} of ${rows.length} rows are invalid: nothing was written (--skip-invalid imports the others)`,
    );
    return 1;
  }

  const valid = rows.filter((r) => r.errors.length === 0);
  const totals: Totals = { created: 0, replaced: 0, unchanged: 0 };
  await eachBatch('importing', valid, async (batch) => {
    const answer = await post(url, token, batch, false);
    if (!answer.ok) throw failure(answer.status, answer.problem);
    totals.created += answer.result.created;
    totals.replaced += answer.result.replaced;
    totals.unchanged += answer.result.unchanged;
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${basename(file)}: ${valid.length} procedures in ${seconds} s — created ${totals.created}, ` +
      `replaced ${totals.replaced}, unchanged ${totals.unchanged}` +
      (invalid.length > 0 ? `; ${invalid.length} invalid rows skipped` : ''),
  );
  return 0;
}

/** Runs `send` over the rows' batches, one request at a time, with a progress bar. */
async function eachBatch(label: string, rows: Row[], send: (batch: Row[]) => Promise<void>): Promise<void> {
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} rows`, hideCursor: true });
  bar.start(rows.length, 0);
  try {
    for (const batch of batches(rows, IMPORT_BATCH_ROWS, BATCH_BYTES)) {
      await send(batch);
      bar.increment(batch.length);
    }
  } finally {
    bar.stop();
  }
}

async function accessToken(tokenUrl: string, client: string, secret: string): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const json = (await response.json().catch(() => ({}))) as { access_token?: unknown };
  if (!response.ok || typeof json.access_token !== 'string') {
    throw new ImportFailure(`no token for ${client} from ${tokenUrl}: HTTP ${response.status}`);
  }
  return json.access_token;
}

type Answer = { ok: true; result: Totals } | { ok: false; status: number; problem: Problem };

async function post(url: string, token: string, batch: Row[], dryRun: boolean): Promise<Answer> {
  const procedures = batch.map((r) => r.procedure as Procedure);
  const response = await fetch(`${url}/v1/admin/procedures/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ procedures, dryRun }),
  });
  const json: unknown = await response.json().catch(() => ({}));
  return response.ok
    ? { ok: true, result: json as Totals }
    : { ok: false, status: response.status, problem: json as Problem };
}

const failure = (status: number, problem: Problem) =>
  new ImportFailure(`the API answered ${status}: ${problem.detail ?? 'no detail'}`);

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
