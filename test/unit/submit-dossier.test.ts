import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { type SubmitDossierDeps, submitDossier } from '#shared/use-cases/submit-dossier.ts';
import {
  BIRTH_REGISTRATION,
  CRIMINAL_RECORD,
  principals,
  seedCatalog,
  submission,
} from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

/** Tuesday 15 July 2025, 09:00 local. */
const NOW = new Date('2025-07-15T09:00:00+07:00');

function setUp() {
  const dossiers = memoryDossierStore();
  const deps: SubmitDossierDeps = { catalog: seedCatalog(), dossiers, now: () => NOW };
  return { deps, dossiers };
}

const refusal = async (
  principal: Principal,
  request: ReturnType<typeof submission>,
): Promise<DomainError> => {
  const { deps, dossiers } = setUp();
  try {
    await submitDossier(deps, principal, request);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(dossiers.dossiers.size, 'a refused submission stores nothing').toBe(0);
    return error;
  }
  throw new Error('expected a refusal');
};

describe('filing a dossier', () => {
  it('numbers a counter dossier in its unit-day sequence, receives it and stores it with its first event', async () => {
    // Prepare
    const { deps, dossiers } = setUp();

    // Act
    const first = await submitDossier(deps, principals.hongGai, submission());
    const second = await submitDossier(deps, principals.hongGai, submission());

    // Assess
    expect(first.dossier).toMatchObject({
      dossierCode: '000.21.01.H49-250715-0001',
      status: 'RECEIVED',
      centerId: 'hong-gai',
      agencyId: 'commune',
      submittedBy: 'local-center-hong-gai',
      receivedAt: '2025-07-15T09:00:00+07:00',
    });
    expect(second.dossier.dossierCode).toBe('000.21.01.H49-250715-0002');
    expect(dossiers.sequences).toEqual(new Map([['000.21.01.H49#250715', 2]]));
    expect(dossiers.dossiers.get(first.dossier.dossierCode)).toEqual(first.dossier);
    expect(dossiers.history.get(first.dossier.dossierCode)).toEqual([first.event]);
    expect(first.event).toMatchObject({ action: 'SUBMIT', toStatus: 'RECEIVED', version: 1 });
  });

  it('leaves an ONLINE dossier from the portal SUBMITTED, for the center to accept', async () => {
    const { deps } = setUp();
    const { dossier } = await submitDossier(deps, principals.portal, submission({ channel: 'ONLINE' }));
    expect(dossier).toMatchObject({ status: 'SUBMITTED', channel: 'ONLINE', routedTo: [] });
    expect(dossier).not.toHaveProperty('dueAt');
  });

  it('resolves the competent unit, which names the agency system and the category', async () => {
    const { deps } = setUp();
    const { dossier } = await submitDossier(
      deps,
      principals.hongGai,
      submission({ procedureCode: CRIMINAL_RECORD }),
    );
    expect(dossier).toMatchObject({
      competentUnitId: 'provincial-police',
      agencyId: 'police',
      category: 'VERTICAL',
    });
  });

  it('refuses a profile or channel that may not file here, before reading anything', async () => {
    expect((await refusal(principals.commune, submission())).kind).toBe('forbidden');
    expect((await refusal(principals.portal, submission({ channel: 'DIRECT' }))).kind).toBe('forbidden');
    expect((await refusal(principals.baiChay, submission())).kind).toBe('forbidden');
  });

  it('refuses an unknown procedure or center with a 422 naming the field', async () => {
    const unknownProcedure = await refusal(principals.hongGai, {
      ...submission(),
      procedureCode: '9.999999',
    });
    expect(unknownProcedure.kind).toBe('business-rule');
    expect(unknownProcedure.message).toBe('Unknown procedure 9.999999');
    expect(unknownProcedure.errors).toEqual([
      { path: 'procedureCode', message: 'no such procedure in the catalog' },
    ]);

    const portalAtUnknownCenter = await refusal(
      principals.portal,
      submission({ channel: 'ONLINE', centerId: 'nowhere' }),
    );
    expect(portalAtUnknownCenter.kind).toBe('business-rule');
    expect(portalAtUnknownCenter.message).toBe('Unknown center nowhere');
    expect(portalAtUnknownCenter.errors).toEqual([{ path: 'centerId', message: 'no such center' }]);
  });

  it('refuses documents that do not satisfy the procedure, naming each one', async () => {
    const error = await refusal(principals.hongGai, submission({ documents: [{ documentCode: 'TP99' }] }));
    expect(error.kind).toBe('business-rule');
    expect(error.errors.map((e) => e.path)).toContain('documents.0.documentCode');
  });

  it('takes a competent unit named in the request', async () => {
    const { deps } = setUp();
    const { dossier } = await submitDossier(
      deps,
      principals.hongGai,
      submission({ procedureCode: BIRTH_REGISTRATION, competentUnitId: 'bai-chay-pc' }),
    );
    expect(dossier).toMatchObject({ competentUnitId: 'bai-chay-pc', category: 'BOUNDARY_FREE' });
  });
});
