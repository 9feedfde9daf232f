/**
 * What Lambda runs is the esbuild bundle, not the source: every function of the stack is bundled
 * as `cdk synth` bundles it (ESM for Node 24, the AWS SDK inside), and each bundle must load on
 * Node 24 and export its handler. Catches CommonJS/ESM mix-ups, missing banners and imports that
 * only resolve in the repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MotcuaStack, stackIdFor } from '#infra/stack.ts';
import { FUNCTIONS } from '#infra/topology.ts';
import { TEST_STAGE } from './synth.ts';

let outdir: string;
let loaded: { asset: string; handler: string }[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'motcua-bundles-'));
  const app = new App({ outdir });
  new MotcuaStack(app, stackIdFor(TEST_STAGE), { stage: TEST_STAGE, cognitoDomainPrefix: 'motcua-test' });
  app.synth();
  const assets = readdirSync(outdir)
    .filter((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.mjs')))
    .map((name) => join(outdir, name));
  const probe = join(outdir, 'probe.mjs');
  writeFileSync(
    probe,
    `const out = [];
for (const dir of process.argv.slice(2)) {
  const m = await import(dir + '/index.mjs');
  out.push({ asset: dir, handler: typeof m.handler });
}
console.log(JSON.stringify(out));`,
  );
  // A clean process with only what Lambda would set: modules read their configuration at load.
  const output = execFileSync(process.execPath, [probe, ...assets], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'ap-southeast-1',
      CATALOG_TABLE_NAME: 'catalog',
      DOSSIERS_TABLE_NAME: 'dossiers',
      IDEMPOTENCY_TABLE_NAME: 'idempotency',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  loaded = JSON.parse(output);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('function bundles', () => {
  test('one bundle per function of the topology', () => {
    expect(loaded).toHaveLength(Object.keys(FUNCTIONS).length);
  });

  test('each loads on Node 24 and exports a handler', () => {
    expect(process.version).toMatch(/^v24\./);
    expect(loaded.length).toBeGreaterThan(0);
    for (const bundle of loaded) expect(bundle.handler, bundle.asset).toBe('function');
  });
});
