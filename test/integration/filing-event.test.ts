/**
 * A submission writes no event item of its own (the filing is the dossier's first step, rebuilt
 * from the dossier), yet its history starts with SUBMIT at every later version, with the status
 * the dossier was filed in; an imported dossier keeps the IMPORT event it was stored with.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLES } from '#infra/topology.ts';
import { decide } from '#shared/domain/lifecycle.ts';
import { calendar, principals, submission } from '../fixtures/catalog.ts';
import { fileDossier, seedVerifiedAttachments, useEmulators } from './emulators.ts';

const { env } = useEmulators();
const { dossierStore } = await import('#shared/config/services.ts');
const { documentClient } = await import('#shared/adapters/aws-clients.ts');
const { DynamoLegacyDossierStore } = await import('#shared/adapters/legacy-dossier-store.ts');

async function sortKeysOf(dossierCode: string): Promise<string[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: env[TABLES.dossiers.envVar],
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierCode}` },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => String(item.sk));
}

describe('the filing event', () => {
  it('is not stored for a counter filing, and reads back as SUBMIT → RECEIVED', async () => {
    const filed = await fileDossier(principals.hongGai, submission(), new Date());
    expect(await sortKeysOf(filed.dossierCode)).toEqual(['#DOSSIER']);
    const stored = await dossierStore().getWithHistory(filed.dossierCode);
    expect(stored?.history).toEqual([
      {
        at: filed.submittedAt,
        action: 'SUBMIT',
        actor: 'local-center-hong-gai',
        toStatus: 'RECEIVED',
        version: 1,
      },
    ]);
  });

  it('keeps the status an ONLINE dossier was filed in after the center accepts it', async () => {
    await seedVerifiedAttachments('local-portal', ['att-1', 'att-2', 'att-3']);
    const filed = await fileDossier(principals.portal, submission({ channel: 'ONLINE' }), new Date());
    const store = dossierStore();
    const read = await store.get(filed.dossierCode);
    if (!read) throw new Error('filed dossier not found');
    const accept = decide(read, { action: 'ACCEPT' }, principals.hongGai, new Date(), calendar);
    expect(await store.applyTransition(read, accept.next, accept.event)).toBe(true);

    expect(await sortKeysOf(filed.dossierCode)).toEqual(['#DOSSIER', 'EVENT#000002']);
    const stored = await store.getWithHistory(filed.dossierCode);
    expect(stored?.dossier).toMatchObject({ status: 'RECEIVED', version: 2 });
    expect(stored?.history.map((e) => [e.version, e.action, e.toStatus])).toEqual([
      [1, 'SUBMIT', 'SUBMITTED'],
      [2, 'ACCEPT', 'RECEIVED'],
    ]);
    expect(stored?.history[0]).toMatchObject({ at: filed.submittedAt, actor: 'local-portal' });
  });

  it('is the stored one for an imported dossier: IMPORT, not a rebuilt SUBMIT', async () => {
    const template = await fileDossier(principals.hongGai, submission(), new Date());
    const dossierCode = `${template.dossierCode}-imported`;
    const event = {
      at: template.submittedAt,
      action: 'IMPORT',
      actor: 'local-admin',
      toStatus: template.status,
      version: 1,
    };
    const legacy = new DynamoLegacyDossierStore(documentClient, env[TABLES.dossiers.envVar] ?? '');
    await legacy.insertNew([{ dossier: { ...template, dossierCode }, event }]);
    const stored = await dossierStore().getWithHistory(dossierCode);
    expect(stored?.history).toEqual([event]);
  });
});
