/**
 * A state change as two conditional writes (event item, then dossier item) on DynamoDB Local:
 * of two racing deciders one wins; an event left without its dossier write (a crash between the
 * two) is not history, holds the version for its lease, and is written over after it.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLES } from '#infra/topology.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import { calendar, principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

const { env } = useEmulators();
const { dossierStore } = await import('#shared/config/services.ts');
const { documentClient } = await import('#shared/adapters/aws-clients.ts');
const { toEventItem } = await import('#shared/adapters/dossier-store.ts');

describe('a transition', () => {
  it('lets one of two deciders from the same version win', async () => {
    const filed = await fileDossier(principals.hongGai, submission(), new Date());
    const store = dossierStore();
    const read = await store.get(filed.dossierCode);
    if (!read) throw new Error('filed dossier not found');
    const start = decide(read, { action: 'START' }, principals.commune, new Date(), calendar);
    const stop = decide(read, { action: 'WITHDRAW' }, principals.hongGai, new Date(), calendar);
    const outcomes = await Promise.all([
      store.applyTransition(read, start.next, start.event),
      store.applyTransition(read, stop.next, stop.event),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const after = await store.getWithHistory(filed.dossierCode);
    const winner = outcomes[0] ? start : stop;
    expect(after?.dossier.status).toBe(winner.next.status);
    expect(after?.history.map((e) => e.action)).toEqual(['SUBMIT', winner.event.action]);
  });

  it('leaves out an event whose dossier write never came, and writes over it once its lease is over', async () => {
    const filed = await fileDossier(principals.hongGai, submission(), new Date());
    const store = dossierStore();
    const read = await store.get(filed.dossierCode);
    if (!read) throw new Error('filed dossier not found');
    const { next, event } = decide(read, { action: 'START' }, principals.commune, new Date(), calendar);
    // What a decider that crashed after its first write leaves: the event of version 2 alone.
    const orphan = (heldUntil: number) =>
      documentClient.send(
        new PutCommand({
          TableName: env[TABLES.dossiers.envVar],
          Item: { ...toEventItem(filed.dossierCode, { ...event, action: 'WITHDRAW' }), heldUntil },
        }),
      );
    await orphan(Date.now() + 60_000);
    const stored = await store.getWithHistory(filed.dossierCode);
    expect(stored?.dossier.version).toBe(1);
    expect(stored?.history.map((e) => e.action)).toEqual(['SUBMIT']);
    // Within the lease the version is held: the decision is refused as a conflict, nothing changes.
    expect(await store.applyTransition(read, next, event)).toBe(false);
    expect((await store.get(filed.dossierCode))?.version).toBe(1);

    await orphan(Date.now() - 1);
    expect(await store.applyTransition(read, next, event)).toBe(true);
    const after = await store.getWithHistory(filed.dossierCode);
    expect(after?.dossier).toMatchObject({ version: 2, status: 'IN_PROGRESS' });
    expect(after?.history.map((e) => e.action)).toEqual(['SUBMIT', 'START']);
    expect(after?.history[1]).not.toHaveProperty('heldUntil');
  });
});
