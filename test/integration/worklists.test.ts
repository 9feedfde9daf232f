/**
 * Worklists and the overdue sweep on DynamoDB Local, through the use cases and the real
 * adapters. Dossiers here are filed on dates of 2024 no other test uses, so the reception-date
 * filter isolates them from the rest of the run.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/access.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { CRIMINAL_RECORD, principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, useEmulators } from './emulators.ts';

useEmulators();
const { attachmentStore, catalog, dossierStore } = await import('#shared/config/services.ts');
const { actOnDossier } = await import('#shared/use-cases/act-on-dossier.ts');
const { listDossiers } = await import('#shared/use-cases/list-dossiers.ts');
const { cursorCodec } = await import('#shared/config/cursor-key.ts');
const { sweepOverdue } = await import('#shared/use-cases/sweep-overdue.ts');
const { DossierListQuerySchema } = await import('#shared/contract/dossier.ts');

const at = (iso: string) => () => new Date(iso);
const file = (principal: Principal, now: string, overrides: Parameters<typeof submission>[0] = {}) =>
  fileDossier(principal, submission(overrides), new Date(now));
const act = (
  principal: Principal,
  dossier: Dossier,
  now: string,
  command: Parameters<typeof actOnDossier>[3],
) =>
  actOnDossier(
    { catalog: catalog(), dossiers: dossierStore(), attachments: attachmentStore(), now: at(now) },
    principal,
    dossier.dossierCode,
    command,
  );
const list = async (principal: Principal, query: Record<string, string>) =>
  listDossiers(
    { dossiers: dossierStore(), cursors: await cursorCodec() },
    principal,
    DossierListQuerySchema.parse(query),
  );

const MARCH = { receivedFrom: '2024-03-01', receivedTo: '2024-03-31' };

describe('worklists', () => {
  // Seven DIRECT dossiers at Hong Gai over a week of March 2024: five for the commune, two for
  // the police; one of the commune's is resolved for postal delivery.
  const filed: Dossier[] = [];
  it('are filed', async () => {
    for (let day = 4; day <= 8; day++) {
      filed.push(await file(principals.hongGai, `2024-03-0${day}T09:00:00+07:00`));
    }
    filed.push(
      await file(principals.hongGai, '2024-03-05T10:00:00+07:00', { procedureCode: CRIMINAL_RECORD }),
    );
    filed.push(
      await file(principals.hongGai, '2024-03-07T10:00:00+07:00', { procedureCode: CRIMINAL_RECORD }),
    );
    expect(filed).toHaveLength(7);
  });

  it("give a center its center's dossiers, newest first, page by page", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(principals.hongGai, { ...MARCH, limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((d) => d.dossierCode));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const bySubmission = [...filed]
      .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1))
      .map((d) => d.dossierCode);
    expect(seen).toEqual(bySubmission);
    expect((await list(principals.baiChay, MARCH)).items).toEqual([]);
  });

  it('give an agency only what is routed to it, and filter by status', async () => {
    const police = await list(principals.police, MARCH);
    expect(police.items.map((d) => d.agencyId)).toEqual(['police', 'police']);
    const first = filed[0] as Dossier;
    await act(principals.commune, first, '2024-03-04T10:00:00+07:00', { action: 'START' });
    const started = await list(principals.commune, { ...MARCH, status: 'IN_PROGRESS' });
    expect(started.items.map((d) => d.dossierCode)).toEqual([first.dossierCode]);
    expect((await list(principals.commune, { ...MARCH, status: 'RECEIVED' })).items).toHaveLength(4);
  });

  it("put a POSTAL result on the post's worklist once it is resolved", async () => {
    const postal = await file(principals.hongGai, '2024-03-12T09:00:00+07:00', { resultDelivery: 'POSTAL' });
    const window = { receivedFrom: '2024-03-12', receivedTo: '2024-03-12' };
    expect((await list(principals.post, window)).items).toEqual([]);
    await act(principals.commune, postal, '2024-03-12T10:00:00+07:00', { action: 'START' });
    await act(principals.commune, { ...postal, version: 2 }, '2024-03-12T11:00:00+07:00', {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh' }],
    });
    const post = await list(principals.post, window);
    expect(post.items.map((d) => [d.dossierCode, d.status])).toEqual([[postal.dossierCode, 'RESOLVED']]);
  });

  it('refuse a cursor from another query', async () => {
    const page = await list(principals.hongGai, { ...MARCH, limit: '1' });
    await expect(list(principals.police, { ...MARCH, cursor: page.nextCursor ?? '' })).rejects.toMatchObject({
      kind: 'validation',
    });
  });
});

describe('the overdue sweep', () => {
  it('marks running dossiers past due as OVERDUE, not paused or finished ones, and only once', async () => {
    const running = await file(principals.uongBi, '2024-05-06T09:00:00+07:00', { centerId: 'uong-bi' });
    const paused = await file(principals.uongBi, '2024-05-06T09:00:00+07:00', { centerId: 'uong-bi' });
    await act(principals.commune, paused, '2024-05-06T09:30:00+07:00', { action: 'START' });
    await act(principals.commune, { ...paused, version: 2 }, '2024-05-06T10:00:00+07:00', {
      action: 'REQUEST_SUPPLEMENT',
      note: 'Thiếu giấy chứng sinh',
    });
    const resolved = await file(principals.uongBi, '2024-05-06T09:00:00+07:00', { centerId: 'uong-bi' });
    await act(principals.commune, resolved, '2024-05-06T09:30:00+07:00', { action: 'START' });
    await act(principals.commune, { ...resolved, version: 2 }, '2024-05-06T11:00:00+07:00', {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01' }],
    });

    // A fixed moment after `running` fell due (2024-05-07): what other tests file at uong-bi
    // on today's clock is not due by then, so the count is this test's alone.
    const sweptAt = at('2024-05-20T09:00:00+07:00');
    const result = await sweepOverdue({ dossiers: dossierStore(), now: sweptAt });
    expect(result.byCenter['uong-bi']).toBe(1);
    const stored = async (d: Dossier) => (await dossierStore().get(d.dossierCode))?.timeliness;
    expect(await stored(running)).toBe('OVERDUE');
    expect(await stored(paused)).toBeUndefined();
    expect(await stored(resolved)).toBe('EARLY');

    const again = await sweepOverdue({ dossiers: dossierStore(), now: sweptAt });
    expect(again.byCenter['uong-bi'] ?? 0).toBe(0);
    expect((await dossierStore().get(running.dossierCode))?.version).toBe(1);
  });
});
