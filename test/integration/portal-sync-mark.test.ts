/**
 * The portal sync mark on DynamoDB Local: it only moves forward, it is read with the dossier,
 * and a transition decided from an older read does not put back an older mark.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '#shared/domain/lifecycle.ts';
import { calendar, principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

useEmulators();
const { dossierStore } = await import('#shared/config/services.ts');

describe('portal sync mark', () => {
  it('moves forward only, and survives a transition decided before it was set', async () => {
    const filed = await fileDossier(principals.hongGai, submission(), new Date());
    const store = dossierStore();
    const code = filed.dossierCode;
    // A transition decided from the dossier as read now, before the portal took anything.
    const read = await store.get(code);
    if (!read) throw new Error('filed dossier not found');
    const { next, event } = decide(read, { action: 'START' }, principals.commune, new Date(), calendar);

    expect(await store.markSynced(code, 1, '2026-11-28T08:00:00+07:00')).toBe(true);
    expect(await store.markSynced(code, 1, '2026-11-28T08:00:01+07:00')).toBe(false);
    expect(await store.applyTransition(read, next, event)).toBe(true);

    const after = await store.getWithHistory(code);
    expect(after?.dossier).toMatchObject({
      version: 2,
      syncedVersion: 1,
      syncedAt: '2026-11-28T08:00:00+07:00',
    });
    expect(await store.markSynced(code, 2, '2026-11-28T08:00:02+07:00')).toBe(true);
    expect((await store.getWithHistory(code))?.dossier.syncedVersion).toBe(2);
    expect(await store.markSynced(code, 1, '2026-11-28T08:00:03+07:00')).toBe(false);
    expect((await store.getWithHistory(code))?.history.map((e) => e.action)).toEqual(['SUBMIT', 'START']);
  });
});
