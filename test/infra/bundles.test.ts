/**
 * What Lambda runs is the esbuild bundle, not the source: every function of the topology is
 * bundled by the construct the stack builds it with (MotcuaFunction: ESM for Node 24, the AWS SDK
 * inside), and each bundle must load on Node 24 and export its handler. Catches CommonJS/ESM
 * mix-ups, missing banners and imports that only resolve in the repository.
 *
 * Only the functions are built here, in a stack of their own: bundling does not depend on the
 * rest of the stack, whose template the other files read from the one shared synthesis.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MotcuaFunction, pascalCase } from '#infra/constructs/lambda-function.ts';
import { FUNCTIONS, type FunctionSpec } from '#infra/topology.ts';

let outdir: string;
/** Function id → its bundle directory (absolute). */
const bundles = new Map<string, string>();
/** Bundle directory → `typeof handler` once loaded in a clean Node process. */
let loaded: Record<string, string>;

// No timeout of its own: bundling every function takes seconds idle and minutes on a loaded
// machine, and the infra project's hookTimeout is sized for that (vitest.config.ts).
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'motcua-bundles-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'MotcuaBundles');
  const key = new Key(stack, 'Key');
  const functions = Object.values(FUNCTIONS).map(
    (spec) => new MotcuaFunction(stack, pascalCase(spec.id), { spec, key }),
  );
  app.synth();
  for (const fn of functions) {
    const code = fn.lambda.node.tryFindChild('Code');
    if (code instanceof Asset) bundles.set(fn.spec.id, resolve(outdir, code.assetPath));
  }

  const probe = join(outdir, 'probe.mjs');
  writeFileSync(
    probe,
    `const out = {};
for (const dir of process.argv.slice(2)) {
  const m = await import(dir + '/index.mjs');
  out[dir] = typeof m.handler;
}
console.log(JSON.stringify(out));`,
  );
  // A clean process with only what Lambda would set: modules read their configuration at load.
  // Asynchronous, so the worker stays responsive however long the loading takes.
  const { stdout } = await promisify(execFile)(process.execPath, [probe, ...bundles.values()], {
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
  loaded = JSON.parse(stdout);
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('function bundles', () => {
  test('one bundle per function of the topology', () => {
    expect([...bundles.keys()].sort()).toEqual(
      Object.values(FUNCTIONS)
        .map((spec) => spec.id)
        .sort(),
    );
    expect(new Set(bundles.values()).size).toBe(bundles.size);
  });

  test('the probe runs on Node 24, as Lambda does', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  test.each(Object.values(FUNCTIONS).map((spec) => [spec.id]))(
    '%s: its bundle loads and exports a handler',
    (id) => {
      const bundle = bundles.get(id) ?? '';
      expect(existsSync(join(bundle, 'index.mjs')), id).toBe(true);
      expect(loaded[bundle], id).toBe('function');
    },
  );

  test.each(
    Object.values<FunctionSpec>(FUNCTIONS)
      .filter((spec) => (spec.bundledFiles ?? []).length > 0)
      .map((spec) => [spec.id, spec.bundledFiles ?? []] as const),
  )('%s: the files it reads at run time lie next to its bundle', (id, files) => {
    const bundle = bundles.get(id) ?? '';
    for (const file of files)
      expect(existsSync(join(bundle, file.split('/').at(-1) ?? file)), file).toBe(true);
  });
});
