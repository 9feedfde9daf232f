/**
 * Function bundles: their size and the cost of their cold import, against the baseline bundle
 * (DynamoDB client + lib-dynamodb + middy, test/bench/bundle-baseline.ts). A second reference,
 * the floor (test/bench/bundle-floor.ts: the baseline plus Powertools logger and metrics and the
 * shared HTTP runtime, no zod, no domain), says what any API function of motcua costs at least.
 *
 *   npm run bundles -- [--check] [--runs 7] [--only submit-dossier,list-centers] [--top 5]
 *                      [--profile submit-dossier,…] [--node-options '…']
 *
 * Every function of the topology is bundled by the construct the stack deploys it with
 * (MotcuaFunction), in a throw-away app, so the figures are those of `cdk deploy`; the baseline
 * and the floor go through the same construct. Each bundle's cold import is timed in fresh Node processes
 * (this script runs on the pinned Node 24) with the function's own NODE_OPTIONS: `--runs` rounds,
 * each importing every bundle once in a rotated order, so machine noise spreads over all of
 * them; the median is kept. `--node-options` replaces the functions' NODE_OPTIONS
 * (`--enable-source-maps`: to see what parsing the source map at load costs).
 *
 * Goals: each bundle ≤ 500 KB (KB = 1024 bytes; the source map and files copied beside the
 * bundle, such as the receipt's fonts, are not counted) and its cold import ≤ 1.25× the
 * baseline's (wall time). The CPU time of each import is printed beside it, with its ratio: on
 * a loaded machine it moves far less than wall time. `--top` lists each bundle's largest inputs by package (esbuild's metafile);
 * `--profile` takes a CPU profile of one cold import of each named function and lists where
 * the time goes, by package (through the source map). Exits 1 when a goal is missed, but only
 * with `--check`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { FUNCTION_ENVIRONMENT, MotcuaFunction, pascalCase } from '#infra/constructs/lambda-function.ts';
import { FUNCTIONS, type FunctionSpec, TABLES } from '#infra/topology.ts';
import { MAX_BUNDLE_KB } from './bundle-budgets.ts';

export const MAX_IMPORT_RATIO = 1.25;
const KB = 1024;
const BASELINE: FunctionSpec = { id: 'baseline', entry: 'test/bench/bundle-baseline.ts', tables: [] };
const FLOOR: FunctionSpec = { id: 'floor', entry: 'test/bench/bundle-floor.ts', tables: [] };

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    only: { type: 'string' },
    top: { type: 'string', default: '0' },
    profile: { type: 'string' },
    'node-options': { type: 'string' },
  },
});
const runs = Number(values.runs);
/** The functions' own NODE_OPTIONS (none today) unless `--node-options` says otherwise. */
const nodeOptions = values['node-options'] ?? FUNCTION_ENVIRONMENT.NODE_OPTIONS ?? '';
const top = Number(values.top);
const only = values.only?.split(',').filter(Boolean);
const specs = Object.values<FunctionSpec>(FUNCTIONS).filter((spec) => !only || only.includes(spec.id));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a positive integer');

type Bundle = { id: string; dir: string; file: string; bytes: number; mapBytes: number; beside: string[] };

const outdir = mkdtempSync(join(tmpdir(), 'motcua-bundles-'));
process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));

/** Bundles every function (and the baseline and the floor) with MotcuaFunction, metafile included. */
function build(): Bundle[] {
  const app = new App({ outdir });
  const stack = new Stack(app, 'MotcuaBundles');
  const key = new Key(stack, 'Key');
  const functions = [BASELINE, FLOOR, ...specs].map(
    (spec) => new MotcuaFunction(stack, pascalCase(spec.id), { spec, key, metafile: true }),
  );
  app.synth();
  return functions.map((fn) => {
    const code = fn.lambda.node.tryFindChild('Code');
    if (!(code instanceof Asset)) throw new Error(`${fn.spec.id}: no bundle asset`);
    const dir = resolve(outdir, code.assetPath);
    const file = join(dir, 'index.mjs');
    const map = `${file}.map`;
    return {
      id: fn.spec.id,
      dir,
      file,
      bytes: statSync(file).size,
      mapBytes: existsSync(map) ? statSync(map).size : 0,
      beside: readdirSync(dir).filter((name) => !name.startsWith('index.')),
    };
  });
}

/** The environment of a cold import: the function's own, plus names for every table. */
const importEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'ap-southeast-1',
  ...FUNCTION_ENVIRONMENT,
  NODE_OPTIONS: nodeOptions,
  ...Object.fromEntries(Object.values(TABLES).map((table) => [table.envVar, table.id])),
  POWERTOOLS_METRICS_DISABLED: 'true',
  ...extra,
});

const probe = join(outdir, 'probe.mjs');
writeFileSync(
  probe,
  `const cpu = process.cpuUsage();
const started = performance.now();
await import(process.argv[2]);
const wall = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wall, cpu: (user + system) / 1000 }));`,
);

const run = promisify(execFile);

/** One cold import: its wall time, and the CPU time the process spent on it (ms). */
type ColdImport = { wall: number; cpu: number };

async function coldImport(bundle: Bundle, nodeArgs: string[] = []): Promise<ColdImport> {
  const { stdout } = await run(process.execPath, [...nodeArgs, probe, pathToFileURL(bundle.file).href], {
    env: importEnv(),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as ColdImport;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Median cold import of every bundle (wall and CPU apart), the bundles taken in a rotated order
 * each round. The goal is on wall time; CPU time moves less with the machine's other work (a
 * process waiting for a core spends wall time, not CPU time), so it says more on a loaded machine.
 */
async function measure(bundles: Bundle[]): Promise<Map<string, ColdImport>> {
  const samples = new Map<string, ColdImport[]>(bundles.map((b) => [b.id, []]));
  for (let round = 0; round < runs; round++) {
    const shift = (round * Math.max(1, Math.floor(bundles.length / runs))) % bundles.length;
    const order = [...bundles.slice(shift), ...bundles.slice(0, shift)];
    if (round % 2 === 1) order.reverse();
    for (const bundle of order) samples.get(bundle.id)?.push(await coldImport(bundle));
    process.stderr.write(`\rcold imports: round ${round + 1}/${runs}`);
  }
  process.stderr.write('\n');
  return new Map(
    [...samples].map(([id, xs]) => [
      id,
      { wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) },
    ]),
  );
}

/** `node_modules/@aws-sdk/client-s3/dist-es/…` → `@aws-sdk/client-s3`; repository files by folder. */
export const packageOf = (path: string): string => {
  const inModules = path.split('node_modules/').at(-1) ?? path;
  if (inModules !== path) {
    const parts = inModules.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const relative = path.replace(/^(\.\.\/)+/, '');
  const parts = relative.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : relative;
};

const topOf = (weights: Map<string, number>, n: number): [string, number][] =>
  [...weights].sort((a, b) => b[1] - a[1]).slice(0, n);

/** Bytes in the bundle per package, from esbuild's metafile. */
function bytesByPackage(bundle: Bundle): Map<string, number> {
  const meta = JSON.parse(readFileSync(join(bundle.dir, 'index.meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('index.mjs'))?.[1];
  const weights = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = packageOf(input);
    weights.set(key, (weights.get(key) ?? 0) + bytesInOutput);
  }
  return weights;
}

type Profile = {
  nodes: { id: number; callFrame: { url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

/** Self time of one cold import per package: the CPU profile's samples through the source map. */
async function timeByPackage(bundle: Bundle): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(outdir, 'profile-'));
  await coldImport(bundle, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100']);
  const [name] = readdirSync(dir);
  const profile = JSON.parse(readFileSync(join(dir, name ?? ''), 'utf8')) as Profile;
  const sourceMap = new SourceMap(JSON.parse(readFileSync(`${bundle.file}.map`, 'utf8')));
  const bundleUrl = pathToFileURL(bundle.file).href;
  const owner = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    if (callFrame.url !== bundleUrl) {
      owner.set(id, callFrame.url ? '(node internals)' : '(runtime: compile, GC, …)');
      continue;
    }
    const entry = sourceMap.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    owner.set(id, 'originalSource' in entry ? packageOf(entry.originalSource) : '(bundle)');
  }
  const weights = new Map<string, number>();
  profile.samples.forEach((node, i) => {
    const key = owner.get(node) ?? '(unknown)';
    weights.set(key, (weights.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return weights;
}

const pad = (value: string, width: number, right = false) =>
  right ? value.padStart(width) : value.padEnd(width);
const kb = (bytes: number) => (bytes / KB).toFixed(0);

const started = performance.now();
const [baseline, floor, ...bundles] = build();
if (!baseline || !floor) throw new Error('no baseline or floor bundle');
const references = [baseline, floor];
process.stderr.write(
  `built ${bundles.length} bundles in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
const imports = await measure([...references, ...bundles]);
const ms = new Map([...imports].map(([id, x]) => [id, x.wall]));
const cpuMs = new Map([...imports].map(([id, x]) => [id, x.cpu]));
const baselineMs = ms.get(baseline.id) ?? Number.NaN;
const baselineCpuMs = cpuMs.get(baseline.id) ?? Number.NaN;

const idWidth = Math.max(...[...references, ...bundles].map((b) => b.id.length), 'function'.length);
const header = [
  pad('function', idWidth),
  pad('KB', 6, true),
  pad('map KB', 7, true),
  pad('import ms', 10, true),
  pad('ratio', 6, true),
  pad('cpu ms', 7, true),
  pad('cpu ratio', 9, true),
  ` size≤${MAX_BUNDLE_KB}`,
  ` ratio≤${MAX_IMPORT_RATIO}`,
].join(' ');
console.log(header);
console.log('-'.repeat(header.length));
let misses = 0;
for (const bundle of [...references, ...bundles]) {
  const importMs = ms.get(bundle.id) ?? Number.NaN;
  const ratio = importMs / baselineMs;
  const sizeOk = bundle.bytes <= MAX_BUNDLE_KB * KB;
  const ratioOk = ratio <= MAX_IMPORT_RATIO;
  const reference = references.includes(bundle);
  if (!reference && !(sizeOk && ratioOk)) misses++;
  console.log(
    [
      pad(bundle.id, idWidth),
      pad(kb(bundle.bytes), 6, true),
      pad(kb(bundle.mapBytes), 7, true),
      pad(importMs.toFixed(1), 10, true),
      pad(ratio.toFixed(2), 6, true),
      pad((cpuMs.get(bundle.id) ?? Number.NaN).toFixed(1), 7, true),
      pad(((cpuMs.get(bundle.id) ?? Number.NaN) / baselineCpuMs).toFixed(2), 9, true),
      pad(reference ? '' : sizeOk ? '✓' : '✗', 9, true),
      pad(reference ? '' : ratioOk ? '✓' : '✗', 10, true),
    ].join(' '),
  );
}
const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a), baseline);
const slowest = bundles.reduce((a, b) => ((ms.get(b.id) ?? 0) > (ms.get(a.id) ?? 0) ? b : a), baseline);
console.log(
  `\n${bundles.length - misses}/${bundles.length} functions meet both goals; largest ${largest.id} ` +
    `${kb(largest.bytes)} KB, slowest ${slowest.id} ${((ms.get(slowest.id) ?? 0) / baselineMs).toFixed(2)}× ` +
    `the baseline (${kb(baseline.bytes)} KB, ${baselineMs.toFixed(1)} ms, CPU ${baselineCpuMs.toFixed(1)} ms; ` +
    `median of ${runs} runs, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}, ` +
    `NODE_OPTIONS='${nodeOptions}')`,
);
const floorMs = ms.get(floor.id) ?? Number.NaN;
console.log(
  `floor (baseline + Powertools logger and metrics + the shared HTTP runtime; no zod, no domain): ` +
    `${kb(floor.bytes)} KB, ${floorMs.toFixed(1)} ms, ${(floorMs / baselineMs).toFixed(2)}× the baseline ` +
    `(CPU ${((cpuMs.get(floor.id) ?? Number.NaN) / baselineCpuMs).toFixed(2)}×): ` +
    `what any API function costs before its own code`,
);
for (const bundle of bundles.filter((b) => b.beside.length > 0)) {
  const files = bundle.beside.map((name) => `${name} (${kb(statSync(join(bundle.dir, name)).size)} KB)`);
  console.log(`beside ${bundle.id}'s bundle, not counted: ${files.join(', ')}`);
}

if (top > 0) {
  console.log(`\nlargest inputs per bundle (KB in the bundle):`);
  for (const bundle of bundles) {
    const list = topOf(bytesByPackage(bundle), top).map(([name, bytes]) => `${name} ${kb(bytes)}`);
    console.log(`${pad(bundle.id, idWidth)} ${list.join(', ')}`);
  }
}
for (const id of values.profile?.split(',').filter(Boolean) ?? []) {
  const bundle = [...references, ...bundles].find((b) => b.id === id);
  if (!bundle) throw new Error(`--profile: no function ${id}`);
  const weights = await timeByPackage(bundle);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const list = topOf(weights, 8).map(([name, t]) => `${name} ${t.toFixed(1)}`);
  console.log(
    `\n${id}: CPU profile of one cold import, ${total.toFixed(0)} ms in all (ms): ${list.join(', ')}`,
  );
}

if (values.check && misses > 0) process.exitCode = 1;
