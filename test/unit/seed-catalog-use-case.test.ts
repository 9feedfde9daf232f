import { describe, expect, it } from 'vitest';
import type { ClientBinding } from '#shared/domain/access.ts';
import type { CatalogContent, CatalogSeedStore } from '#shared/use-cases/ports.ts';
import { SEED_CONTENT, seedCatalog } from '#shared/use-cases/seed-catalog.ts';

/** A seed store that records what it was asked, holding `existing` entries already. */
function recordingStore(existing: number) {
  const calls: { addMissing: Partial<CatalogContent>[]; put: Partial<CatalogContent>[] } = {
    addMissing: [],
    put: [],
  };
  const store: CatalogSeedStore = {
    async addMissing(content) {
      calls.addMissing.push(content);
      const entries = Object.values(content).reduce((n, list) => n + list.length, 0);
      return { added: entries - existing, kept: existing };
    },
    async put(content) {
      calls.put.push(content);
      return content.clients?.length ?? 0;
    },
  };
  return { store, calls };
}

describe('loading the seed catalog', () => {
  it('adds the seed where missing, writes the bindings as given, and says how many of each', async () => {
    const { store, calls } = recordingStore(2);
    const clients: ClientBinding[] = [
      { clientId: 'c1', profile: 'center', centerId: 'hong-gai' },
      { clientId: 'p1', profile: 'portal' },
    ];
    const entries = Object.values(SEED_CONTENT).reduce((n, list) => n + list.length, 0);

    const outcome = await seedCatalog(store, clients);

    expect(outcome).toEqual({ added: entries - 2, kept: 2, clients: 2 });
    expect(calls.addMissing).toEqual([SEED_CONTENT]);
    expect(calls.addMissing[0]).not.toHaveProperty('clients');
    expect(calls.put).toEqual([{ clients }]);
  });

  it('fails when the store fails', async () => {
    const { store } = recordingStore(0);
    store.put = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(seedCatalog(store, [])).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
