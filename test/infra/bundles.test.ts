/**
 * What Lambda runs is the esbuild bundle, not the source. Every function of the topology is
 * bundled here in one esbuild pass (the options MotcuaFunction gives NodejsFunction,
 * BUNDLE_OPTIONS, without the source maps; one pass parses the shared modules and the SDK once,
 * where NodejsFunction starts esbuild through npx once per function), and each bundle must load
 * on Node 24, export its handler, keep within its size budget (test/bench/bundle-budgets.ts)
 * and hold nothing of infra/, of the X-Ray SDK or of classic zod. One representative function,
 * the one with files beside its bundle, is also bundled by the construct itself, in a stack of
 * its own, and must come out byte for byte as in the one pass (but for the source map's URL
 * comment): the two builds cannot drift apart. Catches CommonJS/ESM mix-ups, missing banners,
 * imports that only resolve in the repository, and bundles that grow.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLE_OPTIONS, MotcuaFunction, pascalCase, REPO_ROOT } from '#infra/constructs/lambda-function.ts';
import { FUNCTIONS, type FunctionId, type FunctionSpec } from '#infra/topology.ts';
import { bundleBudgetKb } from '../bench/bundle-budgets.ts';

const ENTRIES = Object.entries(FUNCTIONS) as [FunctionId, FunctionSpec][];
/** Bundled by MotcuaFunction too: the functions with files beside their bundle (an API function). */
const REPRESENTATIVES = ENTRIES.filter(([, spec]) => (spec.bundledFiles ?? []).length > 0);
/** The last line of a bundle built with its source map. */
const SOURCE_MAP_URL = /\/\/# sourceMappingURL=index\.mjs\.map\n$/;

let outdir: string;
/** Function id → its bundle (`index.mjs`) from the one pass. */
const bundles = new Map<FunctionId, string>();
/** Function id → the bundle directory MotcuaFunction made (representatives only). */
const constructBundles = new Map<FunctionId, string>();
let metafile: Metafile;
/** Bundle file → `typeof handler` once loaded in a clean Node process. */
let loaded: Record<string, string>;

// No timeout of its own: bundling takes seconds idle and minutes on a loaded machine, and the
// infra project's hookTimeout is sized for that (vitest.config.ts).
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'motcua-bundles-'));
  const onePass = join(outdir, 'one-pass');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ENTRIES.map(([id, spec]) => ({ in: join(REPO_ROOT, spec.entry), out: `${id}/index` })),
    outdir: onePass,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_OPTIONS.target,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    minify: BUNDLE_OPTIONS.minify,
    // No maps (half the output): the checks are on the code, which a map does not change.
    sourcemap: false,
    banner: { js: BUNDLE_OPTIONS.banner },
    alias: { ...BUNDLE_OPTIONS.alias },
    metafile: true,
    logLevel: 'silent',
  });
  metafile = result.metafile;
  for (const [id] of ENTRIES) bundles.set(id, join(onePass, id, 'index.mjs'));

  const app = new App({ outdir: join(outdir, 'cdk') });
  const stack = new Stack(app, 'MotcuaBundles');
  const key = new Key(stack, 'Key');
  const functions = REPRESENTATIVES.map(
    ([id, spec]) => [id, new MotcuaFunction(stack, pascalCase(spec.id), { spec, key })] as const,
  );
  app.synth();
  for (const [id, fn] of functions) {
    const code = fn.lambda.node.tryFindChild('Code');
    if (code instanceof Asset) constructBundles.set(id, resolve(app.outdir, code.assetPath));
  }

  const probe = join(outdir, 'probe.mjs');
  writeFileSync(
    probe,
    `const out = {};
for (const file of process.argv.slice(2)) {
  const m = await import(file);
  out[file] = typeof m.handler;
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
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  loaded = JSON.parse(stdout);
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The files of the repository and packages that went into a bundle (esbuild's metafile). */
const inputsOf = (bundle: string): string[] => {
  const output = Object.entries(metafile.outputs).find(([name]) => resolve(REPO_ROOT, name) === bundle)?.[1];
  return Object.keys(output?.inputs ?? {});
};

describe('function bundles', () => {
  test('one bundle per function of the topology', () => {
    expect([...bundles.keys()].sort()).toEqual(Object.keys(FUNCTIONS).sort());
    expect(new Set(bundles.values()).size).toBe(bundles.size);
  });

  test('the probe runs on Node 24, as Lambda does', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  test.each(ENTRIES.map(([id]) => [id]))('%s: its bundle loads and exports a handler', (id) => {
    const bundle = bundles.get(id) ?? '';
    expect(existsSync(bundle), id).toBe(true);
    expect(loaded[bundle], id).toBe('function');
  });

  test.each(ENTRIES.map(([id]) => [id, bundleBudgetKb(id)] as const))(
    '%s: its bundle is within its budget (%i KB)',
    (id, budgetKb) => {
      const kb = statSync(bundles.get(id) ?? '').size / 1024;
      expect(kb, `${id}: ${kb.toFixed(0)} KB`).toBeLessThanOrEqual(budgetKb);
    },
  );

  test.each(ENTRIES.map(([id]) => [id]))('%s: its bundle holds no X-Ray SDK and no infra/ module', (id) => {
    const inputs = inputsOf(bundles.get(id) ?? '');
    expect(inputs.length, id).toBeGreaterThan(0);
    expect(inputs.filter((input) => /aws-xray-sdk|powertools\/tracer|cls-hooked/.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('infra/'))).toEqual([]);
  });

  // Classic zod is ≈ 60 KB more than zod/mini and the larger part of a cold import: run-time
  // schemas are written with zod/mini (shared/contract/zod.ts). One classic import anywhere in a
  // function's graph brings it all back.
  test.each(ENTRIES.map(([id]) => [id]))('%s: its bundle holds no classic zod', (id) => {
    const inputs = inputsOf(bundles.get(id) ?? '');
    expect(inputs.length, id).toBeGreaterThan(0);
    expect(inputs.filter((input) => input.includes('node_modules/zod/v4/classic/'))).toEqual([]);
  });

  // A cold start builds every schema of the contract modules a function imports (esbuild keeps
  // them all): the dossier and catalog contracts are split by use, and their barrels, which
  // re-export every part, are for the OpenAPI generator and the tests only.
  test.each(ENTRIES.map(([id]) => [id]))('%s: its bundle holds no contract barrel', (id) => {
    const inputs = inputsOf(bundles.get(id) ?? '');
    expect(inputs.length, id).toBeGreaterThan(0);
    expect(inputs.filter((input) => /^shared\/contract\/(dossier|catalog)\.ts$/.test(input))).toEqual([]);
  });

  const UNUSED_CONTRACTS: [FunctionId, string[]][] = [
    ['listProcedures', ['procedure', 'calendar']],
    ['getCalendar', ['procedure', 'procedure-query']],
    ['putCalendar', ['procedure', 'procedure-query']],
    ['putProcedure', ['calendar', 'procedure-query']],
    ['importProcedures', ['calendar', 'procedure-query']],
    ['getDossier', ['dossier-submission', 'dossier-action', 'dossier-query']],
    ['submitDossier', ['dossier-action', 'dossier-query']],
    ['actOnDossier', ['dossier-submission', 'dossier-query']],
    ['listDossiers', ['dossier-submission', 'dossier-action', 'dossier-view']],
    ['deliverToAgency', ['dossier-submission', 'dossier-action', 'dossier-query', 'dossier-view']],
  ];
  test.each(UNUSED_CONTRACTS)('%s: its bundle holds none of %j', (id, modules) => {
    const inputs = inputsOf(bundles.get(id) ?? '');
    expect(inputs.length, id).toBeGreaterThan(0);
    const unused = new Set(modules.map((name) => `shared/contract/${name}.ts`));
    expect(inputs.filter((input) => unused.has(input))).toEqual([]);
  });

  test.each(REPRESENTATIVES.map(([id]) => [id]))(
    '%s: MotcuaFunction bundles it as the one pass does, byte for byte',
    (id) => {
      const dir = constructBundles.get(id) ?? '';
      expect(BUNDLE_OPTIONS.sourcemap).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8').replace(SOURCE_MAP_URL, '');
      expect(code.length, id).toBeGreaterThan(0);
      expect(code === readFileSync(bundles.get(id) ?? '', 'utf8'), id).toBe(true);
    },
  );

  test.each(
    REPRESENTATIVES.filter(([, spec]) => (spec.bundledFiles ?? []).length > 0).map(
      ([id, spec]) => [id, spec.bundledFiles ?? []] as const,
    ),
  )('%s: the files it reads at run time lie next to its bundle', (id, files) => {
    const dir = constructBundles.get(id) ?? '';
    for (const file of files) expect(existsSync(join(dir, file.split('/').at(-1) ?? file)), file).toBe(true);
  });
});
