/**
 * Benchmark: what one monthly report costs in DynamoDB reads as the month grows, and the legacy
 * import rate, on the embedded local runtime (in memory).
 *
 *   npm run bench:reports -- [--sizes 100,10000,100000] [--deadline 3600]
 *
 * For each size it imports a month of that many generated dossiers at Hong Gai (months 2025-01,
 * 2025-02, …) through POST /v1/admin/dossiers:import in batches of 500, waits until the stream
 * consumer has counted them all, then reads the report through the use case with a DynamoDB
 * client that counts requests and items. The counts are the same for every size: the report
 * reads the center's counter shards, never the dossiers. Figures are for this machine and
 * DynamoDB Local, not for AWS. Exits 1 if a month is not counted by the deadline.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { silentLog } from '#infra/local/log.ts';
import { tableName } from '#infra/local/provision.ts';
import { startLocalRuntime } from '#infra/local/start.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { DynamoStatsStore } from '#shared/adapters/stats-store.ts';
import type { Principal } from '#shared/domain/access.ts';
import { readMonthlyReport } from '#shared/use-cases/read-reports.ts';
import { generateMonth, monthOfSize } from '../fixtures/legacy-dossiers.ts';
import { devToken } from './harness.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,10000,100000' },
    deadline: { type: 'string', default: '3600' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const deadline = performance.now() + Number(values.deadline) * 1000;

const runtime = await startLocalRuntime({ port: 0, memory: true, log: silentLog });
const adminToken = await devToken(runtime.url, 'local-admin');

/** A DynamoDB client that counts the requests it sends and the items they return. */
function countingClient() {
  const tally = { requests: 0, items: 0 };
  const client = new DynamoDBClient({
    region: runtime.resources.region,
    endpoint: runtime.resources.endpoints.dynamodb,
    credentials: runtime.resources.credentials,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      tally.requests++;
      const result = await next(args);
      const output = result.output as {
        Responses?: Record<string, unknown[]>;
        Items?: unknown[];
        Item?: unknown;
      };
      tally.items +=
        Object.values(output.Responses ?? {}).reduce((n, items) => n + items.length, 0) +
        (output.Items?.length ?? 0) +
        (output.Item ? 1 : 0);
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return { client, documents: DynamoDBDocumentClient.from(client), tally };
}

const admin: Principal = { clientId: 'local-admin', profile: 'admin', scopes: [] };
const center: Principal = {
  clientId: 'local-center-hong-gai',
  profile: 'center',
  centerId: 'hong-gai',
  scopes: [],
};

console.log(`motcua report benchmark — ${process.version}, DynamoDB Local, month sizes ${sizes.join(', ')}`);
let failed = false;
for (const [index, size] of sizes.entries()) {
  const month = `2025-${String(index + 1).padStart(2, '0')}`;
  const rows = generateMonth({ ...monthOfSize('hong-gai', month, size), seed: 1000 + index });
  const importStarted = performance.now();
  for (let i = 0; i < rows.length; i += 500) {
    const response = await fetch(`${runtime.url}/v1/admin/dossiers:import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rows: rows.slice(i, i + 500) }),
    });
    if (response.status !== 200) throw new Error(`import: HTTP ${response.status} ${await response.text()}`);
    await response.body?.cancel();
  }
  const importSeconds = (performance.now() - importStarted) / 1000;

  const reads = countingClient();
  const stats = new DynamoStatsStore(reads.documents, tableName('stats'));
  let total = 0;
  while (total < size && performance.now() < deadline) {
    total = (await stats.counters([{ centerId: 'hong-gai', month }])).received ?? 0;
    if (total < size) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const countedSeconds = (performance.now() - importStarted) / 1000;
  if (total !== size) {
    console.log(`  ${month}: ${size} dossiers — only ${total} counted by the deadline`);
    failed = true;
    break;
  }

  const deps = { catalog: new DynamoCatalog(reads.documents, tableName('catalog')), stats };
  const measure = async (principal: Principal, centerId?: string) => {
    Object.assign(reads.tally, { requests: 0, items: 0 });
    const report = await readMonthlyReport(deps, principal, { month, ...(centerId ? { centerId } : {}) });
    return { ...reads.tally, total: report.received.total };
  };
  await measure(center); // loads the catalog's cache, as a warm function has it
  const one = await measure(center);
  const province = await measure(admin);
  console.log(
    `  ${month}: ${String(size).padStart(6)} dossiers — import ${importSeconds.toFixed(1)} s ` +
      `(${Math.round(size / importSeconds)} dossiers/s), all counted ${countedSeconds.toFixed(1)} s after the import began; ` +
      `one report: center ${one.requests} request(s) / ${one.items} item(s) read, ` +
      `province ${province.requests} request(s) / ${province.items} item(s) (total ${one.total})`,
  );
  reads.client.destroy();
}

await runtime.stop();
process.exitCode = failed ? 1 : 0;
