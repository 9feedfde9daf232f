/**
 * Integration tests run against the embedded emulators, started once for the whole project:
 * DynamoDB Local and fauxqs in memory, provisioned from the topology (queues with a 1 s
 * visibility timeout so retries are quick) and seeded with the catalog and the dev clients.
 * Test files get the handler environment and the resources through `inject` (see emulators.ts).
 */
import type { TestProject } from 'vitest/node';
import { awsClients } from '#infra/local/clients.ts';
import { DEV_CLIENT_BINDINGS } from '#infra/local/dev-clients.ts';
import { startEmulators } from '#infra/local/emulators.ts';
import { handlerEnvironment } from '#infra/local/environment.ts';
import { createLog, parseLogLevel } from '#infra/local/log.ts';
import { type LocalResources, provision } from '#infra/local/provision.ts';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { seedCatalog } from '#shared/use-cases/seed-catalog.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The environment handlers run with against these emulators (apply it with useEmulators()). */
    motcuaEnv: Record<string, string>;
    /** Endpoints, table names, queue URLs/ARNs and the bucket. */
    motcuaResources: LocalResources;
  }
}

export const QUEUE_VISIBILITY_SECONDS = 1;
/** Dead-letter after five receives instead of the topology's day of retries. */
export const QUEUE_MAX_RECEIVES = 5;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = createLog(parseLogLevel(process.env.LOG_LEVEL, 'WARN'), '[integration]');
  const emulators = await startEmulators({ log });
  const clients = awsClients(emulators);
  try {
    const resources = await provision(clients, {
      queueVisibilitySeconds: QUEUE_VISIBILITY_SECONDS,
      queueMaxReceives: QUEUE_MAX_RECEIVES,
      log,
    });
    await seedCatalog(
      new DynamoCatalog(clients.documents, resources.tables.catalog.name),
      DEV_CLIENT_BINDINGS,
    );
    project.provide('motcuaEnv', {
      ...handlerEnvironment(resources, { logLevel: process.env.LOG_LEVEL }),
      // Files call handlers in bursts from a few clients: the per-client throttle stays out of
      // the way; client-rates.test.ts sets its own limits.
      MOTCUA_CLIENT_RATE_LIMIT: '1000000/1',
    });
    project.provide('motcuaResources', resources);
  } catch (error) {
    clients.destroy();
    await emulators.stop();
    throw error;
  }
  return async () => {
    clients.destroy();
    await emulators.stop();
  };
}
