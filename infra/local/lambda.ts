/**
 * Plays the Lambda runtime for the handler modules: imports each function's `entry` once (the
 * same module Lambda runs), builds a Lambda-like context per invocation, runs the invocation in
 * its own invoke-store context and enforces the function's timeout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';
import {
  FUNCTIONS,
  type FunctionId,
  type FunctionSpec,
  functionMemoryMiB,
  functionTimeoutSeconds,
} from '#infra/topology.ts';
import { LOCAL_ACCOUNT_ID, REPO_ROOT } from './constants.ts';
import { activeUsageMeter } from './usage-meter.ts';

export { REPO_ROOT };

// The stack's defaults for a function whose spec leaves them out (infra/constructs/lambda-function.ts,
// which imports aws-cdk-lib and so is not imported here).

export type LambdaHandler = (event: unknown, context: Context) => unknown;

/** Physical function name, as in `motcua-<function id>`. */
export const functionName = (spec: Pick<FunctionSpec, 'id'>): string => `motcua-${spec.id}`;

// Asked for as this module loads: the store takes the form of whoever asks first, and the AWS SDK
// asks on its first request (provisioning, seeding) for the one-invocation-at-a-time form.
const invokeStore = InvokeStore.getInstanceAsync(true);

const modules = new Map<string, Promise<LambdaHandler>>();

/**
 * Imports `entry` (path from the repository root) once and returns its `handler`.
 * AWS_LAMBDA_FUNCTION_NAME is set while the module initialises, as Lambda's environment has it
 * (Powertools reads it at construction, e.g. for idempotency key prefixes).
 */
export function loadHandler(
  entry: string,
  options: { functionName?: string; root?: string } = {},
): Promise<LambdaHandler> {
  const path = join(options.root ?? REPO_ROOT, entry);
  const cached = modules.get(path);
  if (cached) return cached;
  const loading = (async () => {
    const store = await invokeStore;
    const previous = process.env.AWS_LAMBDA_FUNCTION_NAME;
    if (options.functionName) process.env.AWS_LAMBDA_FUNCTION_NAME = options.functionName;
    try {
      // In a context of its own: what a module builds as it loads (a Powertools batch processor)
      // must find one once concurrent invocations are on, and must not land in an invocation's.
      const module = (await store.run({}, () => import(pathToFileURL(path).href))) as { handler?: unknown };
      if (typeof module.handler !== 'function')
        throw new Error(`${entry} does not export a handler function`);
      return module.handler as LambdaHandler;
    } finally {
      if (previous === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = previous;
    }
  })();
  modules.set(path, loading);
  loading.catch(() => modules.delete(path));
  return loading;
}

export type InvocationSettings = {
  functionName: string;
  timeoutSeconds: number;
  memoryMiB: number;
  region: string;
};

export const settingsOf = (spec: FunctionSpec, region: string): InvocationSettings => ({
  functionName: functionName(spec),
  timeoutSeconds: functionTimeoutSeconds(spec),
  memoryMiB: functionMemoryMiB(spec),
  region,
});

export function lambdaContext(settings: InvocationSettings, deadline: number): Context {
  const name = settings.functionName;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const notSupported = () => {
    throw new Error('callback-style completion is not supported locally; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${settings.region}:${LOCAL_ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: String(settings.memoryMiB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported,
    fail: notSupported,
    succeed: notSupported,
  };
}

/** What the local runtime tells Powertools as AWS_LAMBDA_MAX_CONCURRENCY (any value turns scoping on). */
const LOCAL_MAX_CONCURRENCY = 64;

let concurrentStore: Promise<InvokeStoreBase> | undefined;

/**
 * The invoke store in its concurrent form (AsyncLocalStorage), as Lambda Managed Instances run it.
 * Locally every function shares one process and Powertools' module singletons (one logger for all
 * of them); with AWS_LAMBDA_MAX_CONCURRENCY set, Powertools keeps each invocation's state (its
 * Lambda context, keys, log level, batch) in the store instead of on the singleton, so concurrent
 * invocations stop overwriting each other's. The variable is set once the store exists
 * (Powertools throws when it is set and no store is there).
 */
export function concurrentInvokeStore(): Promise<InvokeStoreBase> {
  concurrentStore ??= invokeStore.then(async (store) => {
    // The one-at-a-time form keeps the last invocation's context after it ends; the concurrent one does not.
    await store.run({}, async () => {});
    if (store.hasContext()) {
      throw new Error(
        'the invoke store was created for one invocation at a time before the local runtime loaded',
      );
    }
    process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= String(LOCAL_MAX_CONCURRENCY);
    return store;
  });
  return concurrentStore;
}

export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

/**
 * Invokes `handler` like Lambda: a fresh context, the invocation's own invoke-store context (its
 * request id), and a timeout after which the invocation counts as failed (the handler's work
 * cannot be cancelled in-process; it is left to finish).
 */
export async function invokeHandler(
  handler: LambdaHandler,
  event: unknown,
  settings: InvocationSettings,
): Promise<unknown> {
  const store = await concurrentInvokeStore();
  const timeoutMs = settings.timeoutSeconds * 1000;
  const context = lambdaContext(settings, Date.now() + timeoutMs);
  const invocation = { [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FunctionTimeoutError(`${settings.functionName} timed out after ${settings.timeoutSeconds} s`),
        ),
      timeoutMs,
    );
  });
  const started = performance.now();
  try {
    const running = store.run(invocation, () => Promise.resolve().then(() => handler(event, context)));
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
    // `npm run cost` only (usage-meter.ts): Lambda bills each invocation by its duration.
    activeUsageMeter()?.recordInvocation({
      functionName: settings.functionName,
      memoryMiB: settings.memoryMiB,
      durationMs: performance.now() - started,
      event,
    });
  }
}

/** The topology's functions, loaded on demand from their entries. */
export class FunctionRunner {
  readonly region: string;
  readonly functions: Record<string, FunctionSpec>;
  readonly root: string;

  constructor(options: { region: string; functions?: Record<string, FunctionSpec>; root?: string }) {
    this.region = options.region;
    this.functions = options.functions ?? FUNCTIONS;
    this.root = options.root ?? REPO_ROOT;
  }

  spec(id: FunctionId | string): FunctionSpec {
    const spec = this.functions[id];
    if (!spec) throw new Error(`unknown function ${id}`);
    return spec;
  }

  handler(id: FunctionId | string): Promise<LambdaHandler> {
    const spec = this.spec(id);
    return loadHandler(spec.entry, { functionName: functionName(spec), root: this.root });
  }

  /** Imports every function's module (sequentially: each gets its own AWS_LAMBDA_FUNCTION_NAME). */
  async preload(ids: readonly string[] = Object.keys(this.functions)): Promise<void> {
    for (const id of ids) await this.handler(id);
  }

  async invoke(id: FunctionId | string, event: unknown): Promise<unknown> {
    const handler = await this.handler(id);
    return invokeHandler(handler, event, settingsOf(this.spec(id), this.region));
  }
}
