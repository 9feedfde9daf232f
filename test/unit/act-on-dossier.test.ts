import { describe, expect, it } from 'vitest';
import { UNITS } from '#shared/config/seed-catalog.ts';
import type { Principal } from '#shared/domain/access.ts';
import { type Dossier, openDossier } from '#shared/domain/dossier.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { type ActOnDossierDeps, actOnDossier } from '#shared/use-cases/act-on-dossier.ts';
import { memoryAttachmentStore, verifiedAttachment } from '../fixtures/attachment-store.ts';
import {
  BIRTH_REGISTRATION,
  calendar,
  center,
  principals,
  procedure,
  seedCatalog,
  submission,
} from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

const NOW = new Date('2025-07-15T09:00:00+07:00');
const CODE = '000.21.01.H49-250715-0001';

/** A DIRECT birth registration at Hong Gai, received and routed to the commune system. */
function received() {
  const competentUnit = UNITS.find((u) => u.unitId === 'hong-gai-pc');
  if (!competentUnit) throw new Error('no hong-gai-pc');
  return openDossier({
    request: submission(),
    procedure: procedure(BIRTH_REGISTRATION),
    center: center('hong-gai'),
    competentUnit,
    dossierCode: CODE,
    submittedBy: principals.hongGai,
    now: new Date('2025-07-14T09:00:00+07:00'),
    calendar,
  });
}

function setUp() {
  const { dossier, event } = received();
  const dossiers = memoryDossierStore([dossier]);
  dossiers.history.set(CODE, [event]);
  const deps: ActOnDossierDeps = {
    catalog: seedCatalog(),
    dossiers,
    attachments: memoryAttachmentStore(),
    now: () => NOW,
  };
  return { deps, dossiers };
}

const refusal = async (run: () => Promise<unknown>): Promise<DomainError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('acting on a dossier', () => {
  it('stores the decided change and answers with the dossier and its whole history', async () => {
    // Prepare
    const { deps, dossiers } = setUp();

    // Act
    const { dossier, history } = await actOnDossier(deps, principals.commune, CODE, { action: 'START' });

    // Assess
    expect(dossier).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(dossiers.dossiers.get(CODE)).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(history.map((e) => [e.action, e.at])).toEqual([
      ['SUBMIT', '2025-07-14T09:00:00+07:00'],
      ['START', '2025-07-15T09:00:00+07:00'],
    ]);
  });

  it('reads the dossier once, with its history, and answers with that history and the new event', async () => {
    const { deps, dossiers } = setUp();
    const reads: string[] = [];
    const { get, getWithHistory } = dossiers;
    dossiers.get = async (code) => {
      reads.push('get');
      return get(code);
    };
    dossiers.getWithHistory = async (code) => {
      reads.push('getWithHistory');
      return getWithHistory(code);
    };
    const { history } = await actOnDossier(deps, principals.commune, CODE, { action: 'START' });
    expect(reads).toEqual(['getWithHistory']);
    expect(history.map((e) => [e.action, e.version])).toEqual([
      ['SUBMIT', 1],
      ['START', 2],
    ]);
  });

  it("never writes the portal's sync mark, read beside the dossier, into the dossier", async () => {
    const { deps, dossiers } = setUp();
    const { getWithHistory, applyTransition } = dossiers;
    dossiers.getWithHistory = async (code) => {
      const stored = await getWithHistory(code);
      return (
        stored && {
          ...stored,
          dossier: { ...stored.dossier, syncedAt: '2025-07-14T09:01:00+07:00', syncedVersion: 1 },
        }
      );
    };
    const written: Dossier[] = [];
    dossiers.applyTransition = async (previous, next, event) => {
      written.push(next);
      return applyTransition(previous, next, event);
    };
    const { dossier } = await actOnDossier(deps, principals.commune, CODE, { action: 'START' });
    expect(written).toHaveLength(1);
    expect(written[0]).not.toHaveProperty('syncedAt');
    expect(written[0]).not.toHaveProperty('syncedVersion');
    expect(dossier).not.toHaveProperty('syncedVersion');
  });

  it('is "not found" for a dossier that does not exist, or that the caller may not see', async () => {
    const { deps, dossiers } = setUp();
    const unseen: Principal[] = [principals.police, principals.baiChay, principals.portal];
    for (const principal of unseen) {
      const error = await refusal(() => actOnDossier(deps, principal, CODE, { action: 'WITHDRAW' }));
      expect(error.kind, principal.clientId).toBe('not-found');
    }
    const missing = await refusal(() =>
      actOnDossier(deps, principals.admin, 'X-250715-0009', { action: 'START' }),
    );
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe('No dossier X-250715-0009');
    expect(dossiers.dossiers.get(CODE)?.version).toBe(1);
  });

  it('refuses with the state now when another change won the race', async () => {
    // Prepare: the store takes another change between the read and the write.
    const { deps, dossiers } = setUp();
    const apply = dossiers.applyTransition.bind(dossiers);
    dossiers.applyTransition = async (previous, next, event) => {
      const current = dossiers.dossiers.get(CODE);
      if (current) dossiers.dossiers.set(CODE, { ...current, status: 'WITHDRAWN', version: 2 });
      return apply(previous, next, event);
    };

    // Act
    const error = await refusal(() => actOnDossier(deps, principals.commune, CODE, { action: 'START' }));

    // Assess
    expect(error.kind).toBe('conflict');
    expect(error.extensions).toEqual({ currentStatus: 'WITHDRAWN', version: 2 });
    expect(error.message).toBe(`Dossier ${CODE} changed while START was being applied`);
  });

  it('refuses a lost race on a dossier that is gone with no state to report', async () => {
    const { deps, dossiers } = setUp();
    dossiers.applyTransition = async () => {
      dossiers.dossiers.delete(CODE);
      return false;
    };
    const error = await refusal(() => actOnDossier(deps, principals.commune, CODE, { action: 'START' }));
    expect(error.kind).toBe('conflict');
    expect(error.extensions).toEqual({ currentStatus: undefined, version: undefined });
  });

  it('decides with the clock and the calendar it is given', async () => {
    // The center accepts an ONLINE dossier on Friday 18 July 16:00: 1 working day → Monday 16:00.
    const { dossier } = received();
    const online = { ...dossier, status: 'SUBMITTED' as const, receivedAt: undefined, dueAt: undefined };
    const dossiers = memoryDossierStore([online]);
    const deps: ActOnDossierDeps = {
      catalog: seedCatalog(),
      dossiers,
      attachments: memoryAttachmentStore(),
      now: () => new Date('2025-07-18T16:00:00+07:00'),
    };
    const result = await actOnDossier(deps, principals.hongGai, CODE, { action: 'ACCEPT' });
    expect(result.dossier.dueAt).toBe('2025-07-21T16:00:00+07:00');
  });
});

describe('result files of a RESOLVE', () => {
  function inProgress() {
    const { dossier, event } = received();
    const dossiers = memoryDossierStore([{ ...dossier, status: 'IN_PROGRESS', version: 2 }]);
    dossiers.history.set(CODE, [event]);
    const attachments = memoryAttachmentStore([
      verifiedAttachment('result-1', principals.commune.clientId),
      verifiedAttachment('portal-file', principals.portal.clientId),
    ]);
    const deps: ActOnDossierDeps = { catalog: seedCatalog(), dossiers, attachments, now: () => NOW };
    return { deps, dossiers, attachments };
  }

  it("lists the agency's verified upload on the dossier and notes the dossier on it", async () => {
    const { deps, attachments } = inProgress();
    const { dossier } = await actOnDossier(deps, principals.commune, CODE, {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: 'result-1' }],
    });
    expect(dossier.results).toEqual([
      { documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: 'result-1' },
    ]);
    expect(attachments.items.get('result-1')?.dossiers).toEqual([CODE]);
  });

  it("refuses another client's upload as a result, changing nothing", async () => {
    const { deps, dossiers, attachments } = inProgress();
    const error = await refusal(() =>
      actOnDossier(deps, principals.commune, CODE, {
        action: 'RESOLVE',
        documents: [{ documentCode: 'KQ01', attachmentId: 'portal-file' }],
      }),
    );
    expect(error.kind).toBe('business-rule');
    expect(error.errors).toEqual([
      { path: 'documents.0.attachmentId', message: 'no attachment portal-file uploaded by this client' },
    ]);
    expect(dossiers.dossiers.get(CODE)?.status).toBe('IN_PROGRESS');
    expect(attachments.items.get('portal-file')?.dossiers).toBeUndefined();
  });
});
