/**
 * The VNeID flag (DVCQG TaiKhoanDuocXacThucVoiVNeID): given by the portal as
 * `applicant.vneidVerified`, kept on the dossier, shown in its read and synced as 1/0. A
 * center's submission claiming it is refused with a 400 naming the field, before anything is
 * stored or the Idempotency-Key is taken.
 */
import { describe, expect, it } from 'vitest';
import { SubmitDossierRequestSchema } from '#shared/contract/dossier.ts';
import { presentDossier, presentDossierSummary } from '#shared/contract/present.ts';
import type { Principal } from '#shared/domain/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { hoSoOf } from '#shared/domain/portal-sync.ts';
import { parseInput } from '#shared/runtime/http.ts';
import { type SubmitDossierDeps, submitDossier } from '#shared/use-cases/submit-dossier.ts';
import { memoryAttachmentStore, verifiedAttachment } from '../fixtures/attachment-store.ts';
import { principals, seedCatalog, submission } from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

const NOW = new Date('2025-07-15T09:00:00+07:00');
const CONTEXT = { fieldCode: 'G09-TP04', unitCode: '000.21.01.H49' };

function setUp() {
  const dossiers = memoryDossierStore();
  const deps: SubmitDossierDeps = {
    catalog: seedCatalog(),
    submissions: dossiers,
    attachments: memoryAttachmentStore(
      [1, 2, 3].map((i) => verifiedAttachment(`att-${i}`, principals.portal.clientId)),
    ),
    now: () => NOW,
  };
  return { deps, dossiers };
}

let keys = 0;
async function file(principal: Principal, vneidVerified: boolean | undefined) {
  const { deps, dossiers } = setUp();
  const base = submission(principal.profile === 'portal' ? { channel: 'ONLINE' } : {});
  const request = {
    ...base,
    applicant: { ...base.applicant, ...(vneidVerified === undefined ? {} : { vneidVerified }) },
  };
  const outcome = await submitDossier(
    deps,
    principal,
    { clientId: principal.clientId, idempotencyKey: `vneid-${++keys}` },
    SubmitDossierRequestSchema.parse(request),
  );
  return { ...outcome, dossiers };
}

describe('the VNeID flag', () => {
  it('from the portal: kept on the dossier, read back on the applicant, synced as 1', async () => {
    const { dossier, event, dossiers } = await file(principals.portal, true);
    const stored = dossiers.dossiers.get(dossier.dossierCode);
    expect(stored?.vneidVerified).toBe(true);
    expect(stored?.applicant).not.toHaveProperty('vneidVerified');
    expect(presentDossier(dossier, [event]).applicant.vneidVerified).toBe(true);
    expect(presentDossierSummary(dossier).applicant.vneidVerified).toBe(true);
    expect(hoSoOf(dossier, [event], CONTEXT).TaiKhoanDuocXacThucVoiVNeID).toBe(1);
  });

  it.each([undefined, false])('left out or false (%s): false in the read, 0 in the sync', async (given) => {
    const { dossier, event } = await file(principals.portal, given);
    expect(dossier).not.toHaveProperty('vneidVerified');
    expect(presentDossier(dossier, [event]).applicant.vneidVerified).toBe(false);
    expect(hoSoOf(dossier, [event], CONTEXT).TaiKhoanDuocXacThucVoiVNeID).toBe(0);
  });

  it("refuses a center's claim with a 400 naming applicant.vneidVerified, storing nothing", async () => {
    const { deps, dossiers } = setUp();
    const base = submission();
    const request = { ...base, applicant: { ...base.applicant, vneidVerified: true } };
    const error = await submitDossier(
      deps,
      principals.hongGai,
      { clientId: principals.hongGai.clientId, idempotencyKey: 'vneid-center' },
      request,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'validation',
      errors: [{ path: 'applicant.vneidVerified', message: 'only the portal may set it true' }],
    });
    expect(dossiers.dossiers.size).toBe(0);
    expect(dossiers.submissions.size, 'the key is not taken').toBe(0);
  });

  it('takes false from a center', async () => {
    const { dossier } = await file(principals.hongGai, false);
    expect(dossier.status).toBe('RECEIVED');
    expect(dossier).not.toHaveProperty('vneidVerified');
  });

  it('refuses a flag that is not a boolean, naming it', () => {
    const base = submission({ channel: 'ONLINE' });
    const parse = () =>
      parseInput(
        SubmitDossierRequestSchema,
        { ...base, applicant: { ...base.applicant, vneidVerified: 'yes' } },
        'The body does not match the schema',
      );
    expect(parse).toThrow(DomainError);
    try {
      parse();
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.path)).toEqual(['applicant.vneidVerified']);
    }
  });
});
