import { AGENCIES, CALENDARS, CENTERS, PROCEDURES, UNITS } from '#shared/config/seed-catalog.ts';
import type { ClientBinding } from '#shared/domain/access.ts';
import type { CatalogContent, CatalogSeedStore } from './ports.ts';

export type SeedOutcome = { added: number; kept: number; clients: number };

/** The seed catalog: everything but the client bindings. */
export const SEED_CONTENT: Omit<CatalogContent, 'clients'> = {
  centers: CENTERS,
  units: UNITS,
  agencies: AGENCIES,
  procedures: PROCEDURES,
  calendars: CALENDARS,
};

/**
 * Loads the seed catalog, when the deploy hook runs and at every local start:
 * 1. each seed entry (center, unit, agency system, procedure, calendar year) is added only where
 *    missing, so what operators changed since stays as they left it;
 * 2. the client bindings, which the deployment owns, are written as given.
 */
export async function seedCatalog(
  store: CatalogSeedStore,
  clients: readonly ClientBinding[],
): Promise<SeedOutcome> {
  const { added, kept } = await store.addMissing(SEED_CONTENT);
  return { added, kept, clients: await store.put({ clients: [...clients] }) };
}
