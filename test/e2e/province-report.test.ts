/**
 * A month of legacy dossiers through the whole import path (docs/domain.md "Bulk data"): a
 * generated file of 1,200 dossiers Hong Gai ward center received in July 2025, in the
 * proportions of the province's headline month, is imported with `npm run dossiers:import`
 * (three batches) into the running local runtime; its stream consumer counts them; the monthly
 * report answers exactly the month's figures, equals a recount of the stored dossiers, and
 * stays the same when the month's stream records are replayed and when the file is imported
 * again. `npm run report` prints it. The headline month itself (9,673 dossiers) is converted,
 * recounted and counted as the stream consumer counts it in test/unit/legacy-import.test.ts:
 * importing all of it here took minutes of DynamoDB Local writes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_REGION, localCredentials, REPO_ROOT } from '#infra/local/constants.ts';
import { tableName } from '#infra/local/provision.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { fromDossierItem } from '#shared/adapters/dossier-item.ts';
import { itemsOf } from '#shared/adapters/index-items.ts';
import { queryAll } from '#shared/adapters/query-all.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import { DynamoSyncMarks } from '#shared/adapters/sync-marks.ts';
import { type CountedDossier, deltaOf, monthOf, recount } from '#shared/domain/reports.ts';
import { aggregateDossierStats } from '#shared/use-cases/aggregate-dossier-stats.ts';
import { generateMonth, monthOfSize, writeLegacyFile } from '../fixtures/legacy-dossiers.ts';
import { api, baseUrl, eventually, token } from './http.ts';

const MONTH = '2025-07';
const BUCKET = { centerId: 'hong-gai', month: MONTH };
/** The file's size: more than two of the CLI's batches of 500, so the last one is partial. */
const SIZE = 1200;
/** The month's figures: monthOfSize() keeps the headline month's proportions (129 + 295 + 776). */
const MONTH_REPORT = {
  total: 1200,
  ownAuthority: 129,
  boundaryFree: 295,
  centerHandled: 424,
  vertical: 776,
};

const access = {
  region: LOCAL_REGION,
  endpoint: inject('e2eDynamoDbEndpoint'),
  credentials: localCredentials(inject('e2eAccessKeyId')),
};
const dynamodb = new DynamoDBClient(access);
const documents = DynamoDBDocumentClient.from(dynamodb);
const streams = new DynamoDBStreamsClient(access);
const stats = new DynamoStatsStore(documents, tableName('stats'));
const syncMarks = new DynamoSyncMarks(documents, tableName('dossiers'));
const catalog = new DynamoCatalog(documents, tableName('catalog'));

let folder = '';
let file = '';
let centerToken = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'motcua-legacy-'));
  file = join(folder, 'hong-gai-2025-07.csv');
  await writeLegacyFile(file, generateMonth(monthOfSize('hong-gai', MONTH, SIZE)));
  centerToken = await token('local-center-hong-gai');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  dynamodb.destroy();
  streams.destroy();
});

/** An npm script against the runtime under test: its exit code and output. */
function npmRun(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args, '--url', baseUrl()], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const monthlyReport = async () => {
  const response = await api<{ received: Record<string, unknown>; online: Record<string, number> }>(
    'GET',
    `/v1/reports/monthly?centerId=hong-gai&month=${MONTH}`,
    { token: centerToken },
  );
  expect(response.status).toBe(200);
  return response.json;
};

/** The stored counters of the month, without zero entries. */
const storedCounters = async () => deltaOf({}, await stats.counters([BUCKET]));

/** The counters recounted from the center's stored dossiers of the month. */
async function recountStored() {
  const items = await Array.fromAsync(
    queryAll(documents, {
      TableName: tableName('dossiers'),
      IndexName: 'byCenter',
      KeyConditionExpression: 'centerId = :center',
      ExpressionAttributeValues: { ':center': 'hong-gai' },
    }),
  );
  // The index holds keys only: the dossiers themselves are read from the table.
  const stored = await itemsOf(documents, tableName('dossiers'), items);
  const dossiers = stored.map((item) => fromDossierItem(item) as CountedDossier);
  return recount(dossiers, await catalog.calendar()).get(`hong-gai#${MONTH}`) ?? {};
}

/** Every record of the dossiers table's stream, oldest first per shard. */
async function streamRecords(): Promise<StreamRecord[]> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName('dossiers') }));
  const arn = Table?.LatestStreamArn;
  if (!arn) throw new Error('the dossiers table has no stream');
  const records: StreamRecord[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []));
        iterator = page.Records?.length ? page.NextShardIterator : undefined;
      }
    }
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return records;
}

describe('a month of Hong Gai ward center, imported', () => {
  it("is counted by the stream consumer into exactly the month's figures", { timeout: 600_000 }, async () => {
    const started = performance.now();
    const run = await npmRun('dossiers:import', [file]);
    expect(run.stderr).not.toMatch(/invalid row/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 1200, unchanged 0, skipped 0/);
    const imported = performance.now();

    const report = await eventually(
      async () => {
        const r = await monthlyReport();
        expect(r.received).toMatchObject(MONTH_REPORT);
        return r;
      },
      { timeoutMs: 300_000, intervalMs: 1000 },
    );
    expect(report.online).toEqual({ count: 270, base: 424, rate: 0.637 });
    console.info(
      `import ${((imported - started) / 1000).toFixed(1)} s (${run.stdout.trim()}); ` +
        `counted ${((performance.now() - imported) / 1000).toFixed(1)} s later`,
    );

    // Exactly a recount of the stored dossiers (once the counting has caught up with the
    // overdue sweep, which marks the open past-due ones).
    await eventually(async () => expect(await storedCounters()).toEqual(await recountStored()), {
      timeoutMs: 120_000,
      intervalMs: 1000,
    });
  });

  it("is unchanged when the month's stream records are replayed", { timeout: 300_000 }, async () => {
    const before = await storedCounters();
    const images = (await streamRecords()).flatMap((record) => {
      const raw = record.dynamodb?.NewImage;
      if (!raw) return [];
      const item = unmarshall(raw as Parameters<typeof unmarshall>[0]);
      if (item.entity !== 'DOSSIER' || item.centerId !== 'hong-gai' || !item.receivedAt) return [];
      return monthOf(String(item.receivedAt)) === MONTH ? [fromDossierItem(item) as CountedDossier] : [];
    });
    expect(images.length).toBeGreaterThanOrEqual(SIZE);
    const deps = { stats, syncMarks, calendar: () => catalog.calendar() };
    let applied = 0;
    for (let i = 0; i < images.length; i += 500) {
      applied += (await aggregateDossierStats(deps, images.slice(i, i + 500))).applied;
    }
    expect(applied).toBe(0);
    expect(await storedCounters()).toEqual(before);
    expect((await monthlyReport()).received).toMatchObject(MONTH_REPORT);
  });

  it('changes nothing when the same file is imported again', { timeout: 600_000 }, async () => {
    const before = await storedCounters();
    const run = await npmRun('dossiers:import', [file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 0, unchanged 1200, skipped 0/);
    expect(await storedCounters()).toEqual(before);
  });

  it('prints as tables in the terminal', { timeout: 120_000 }, async () => {
    const run = await npmRun('report', ['--center', 'hong-gai', '--month', MONTH]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/received in the month, all\s+│\s+1,200 │/);
    expect(run.stdout).toMatch(/= handled by the center\s+│\s+424 │/);
    expect(run.stdout).toMatch(/270 \/ 424 = 0\.637/);
    expect(run.stdout).toMatch(/│ 2\.1 │/);
  });
});
