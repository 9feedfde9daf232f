import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import {
  fingerprintOf,
  keyReused,
  type SubmitDossierDeps,
  submitDossier,
} from '#shared/use-cases/submit-dossier.ts';
import { memoryAttachmentStore, verifiedAttachment } from '../fixtures/attachment-store.ts';
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
  const deps: SubmitDossierDeps = {
    catalog: seedCatalog(),
    submissions: dossiers,
    // The portal's verified uploads, as the ONLINE fixture names them (att-1, att-2, ...).
    attachments: memoryAttachmentStore(
      [1, 2, 3, 4, 5].map((i) => verifiedAttachment(`att-${i}`, principals.portal.clientId)),
    ),
    now: () => NOW,
  };
  return { deps, dossiers };
}

let keys = 0;
/** A key of its own for each filing, as a client sends for each new request. */
const newKey = (principal: Principal) => ({ clientId: principal.clientId, idempotencyKey: `key-${++keys}` });

const refusal = async (
  principal: Principal,
  request: ReturnType<typeof submission>,
): Promise<DomainError> => {
  const { deps, dossiers } = setUp();
  try {
    await submitDossier(deps, principal, newKey(principal), request);
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
    const first = await submitDossier(deps, principals.hongGai, newKey(principals.hongGai), submission());
    const second = await submitDossier(deps, principals.hongGai, newKey(principals.hongGai), submission());

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
    const { dossier } = await submitDossier(
      deps,
      principals.portal,
      newKey(principals.portal),
      submission({ channel: 'ONLINE' }),
    );
    expect(dossier).toMatchObject({ status: 'SUBMITTED', channel: 'ONLINE', routedTo: [] });
    expect(dossier).not.toHaveProperty('dueAt');
  });

  it('resolves the competent unit, which names the agency system and the category', async () => {
    const { deps } = setUp();
    const { dossier } = await submitDossier(
      deps,
      principals.hongGai,
      newKey(principals.hongGai),
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
      newKey(principals.hongGai),
      submission({ procedureCode: BIRTH_REGISTRATION, competentUnitId: 'bai-chay-pc' }),
    );
    expect(dossier).toMatchObject({ competentUnitId: 'bai-chay-pc', category: 'BOUNDARY_FREE' });
  });
});

describe('filing exactly once per key', () => {
  it('replays what a key filed, refuses it with another body, and files nothing twice', async () => {
    const { deps, dossiers } = setUp();
    const key = newKey(principals.hongGai);
    const first = await submitDossier(deps, principals.hongGai, key, submission());
    const again = await submitDossier(deps, principals.hongGai, key, submission());
    expect(again).toEqual({ ...first, replayed: true });
    const other = await submitDossier(deps, principals.hongGai, key, submission({ summary: 'khác' })).catch(
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ kind: 'business-rule', slug: 'idempotency-key-reused' });
    expect(dossiers.dossiers.size).toBe(1);
  });

  it('of two requests racing with one key, the second to commit replays the first (its number a gap)', async () => {
    const { deps, dossiers } = setUp();
    const key = newKey(principals.hongGai);
    const [a, b] = await Promise.all([
      submitDossier(deps, principals.hongGai, key, submission()),
      submitDossier(deps, principals.hongGai, key, submission()),
    ]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(b.dossier).toEqual(a.dossier);
    expect(b.event).toEqual(a.event);
    expect([...dossiers.dossiers.keys()]).toEqual([a.dossier.dossierCode]);
    // Both took a number: the loser's is a gap, never a second dossier.
    expect(dossiers.sequences).toEqual(new Map([['000.21.01.H49#250715', 2]]));
  });

  it('leaves nothing under the key when the rules refuse a request, so the corrected one files at once', async () => {
    const { deps, dossiers } = setUp();
    const key = newKey(principals.hongGai);
    const refused = await submitDossier(deps, principals.hongGai, key, {
      ...submission(),
      procedureCode: '9.999999',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'business-rule' });
    expect(dossiers.submissions.size).toBe(0);
    expect((await submitDossier(deps, principals.hongGai, key, submission())).replayed).toBe(false);
  });

  it('answers a filed key by what it filed even when the rules now refuse the request', async () => {
    const { deps, dossiers } = setUp();
    const key = newKey(principals.hongGai);
    const first = await submitDossier(deps, principals.hongGai, key, submission());
    // The procedure leaves the catalog after the first request filed.
    const catalog = { ...deps.catalog, procedure: async () => undefined };
    const again = await submitDossier({ ...deps, catalog }, principals.hongGai, key, submission());
    expect(again).toEqual({ ...first, replayed: true });
    const other = await submitDossier(
      { ...deps, catalog },
      principals.hongGai,
      key,
      submission({ summary: 'khác' }),
    ).catch((e: unknown) => e);
    expect(other).toMatchObject({ slug: 'idempotency-key-reused' });
    expect(dossiers.dossiers.size).toBe(1);
  });

  it('files again under a key whose record has expired (a day later)', async () => {
    const { deps, dossiers } = setUp();
    const key = newKey(principals.hongGai);
    const first = await submitDossier(deps, principals.hongGai, key, submission());
    const dayLater = new Date(NOW.getTime() + 24 * 3600_000 + 1);
    const later = await submitDossier(
      { ...deps, now: () => dayLater },
      principals.hongGai,
      key,
      submission(),
    );
    expect(later.replayed).toBe(false);
    expect(later.dossier.dossierCode).not.toBe(first.dossier.dossierCode);
    expect(dossiers.dossiers.size).toBe(2);
  });
});

describe("a request's fingerprint", () => {
  const request = submission();
  const reordered = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reordered)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([k, v]) => [k, reordered(v)]),
          )
        : value;

  it('is a sha256 that ignores the order of keys, at every depth', () => {
    expect(fingerprintOf(request)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(reordered(request) as typeof request)).toBe(fingerprintOf(request));
  });

  it('counts a key set to undefined as absent', () => {
    expect(fingerprintOf({ ...request, portalRef: undefined })).toBe(fingerprintOf(request));
  });

  it('changes with any value, the order of a list, or a value of another type', () => {
    const base = fingerprintOf(request);
    expect(fingerprintOf({ ...request, portalRef: 'P-1' })).not.toBe(base);
    expect(
      fingerprintOf({ ...request, applicant: { ...request.applicant, fullName: 'Trần Thị Bình' } }),
    ).not.toBe(base);
    expect(fingerprintOf({ ...request, documents: [...request.documents].reverse() })).not.toBe(base);
    const copies = (n: unknown) => ({
      ...request,
      documents: [{ documentCode: 'TP01', copies: n as number }],
    });
    expect(fingerprintOf(copies(1))).not.toBe(fingerprintOf(copies('1')));
    expect(fingerprintOf(copies(null))).not.toBe(fingerprintOf(copies('null')));
  });
});

describe('the answer of a reused key', () => {
  it('names the key and its type', () => {
    expect(keyReused()).toMatchObject({
      kind: 'business-rule',
      slug: 'idempotency-key-reused',
      message: 'This Idempotency-Key was used with a different request body',
      errors: [{ path: 'Idempotency-Key', message: 'used with a different body' }],
    });
  });
});

describe('attachments of a submission', () => {
  const online = () => submission({ channel: 'ONLINE' });

  const refusalWith = async (attachments: ReturnType<typeof verifiedAttachment>[], request = online()) => {
    const { deps, dossiers } = setUp();
    const store = memoryAttachmentStore(attachments);
    const error = await submitDossier(
      { ...deps, attachments: store },
      principals.portal,
      newKey(principals.portal),
      request,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(dossiers.dossiers.size).toBe(0);
    return error as DomainError;
  };
  const verifiedForPortal = (ids: string[]) =>
    ids.map((id) => verifiedAttachment(id, principals.portal.clientId));

  it('files an ONLINE dossier whose every document is a verified upload of the portal, noting the use', async () => {
    const { deps } = setUp();
    const { dossier } = await submitDossier(deps, principals.portal, newKey(principals.portal), online());
    const used = await deps.attachments.getMany(['att-1', 'att-2', 'att-3']);
    for (const attachment of used.values()) expect(attachment.dossiers).toEqual([dossier.dossierCode]);
    expect(dossier.documents.every((d) => d.digitized)).toBe(true);
  });

  it('lets the portal reuse its verified upload in another dossier', async () => {
    const { deps } = setUp();
    const first = await submitDossier(deps, principals.portal, newKey(principals.portal), online());
    const second = await submitDossier(deps, principals.portal, newKey(principals.portal), online());
    const [reused] = (await deps.attachments.getMany(['att-1'])).values();
    expect(reused?.dossiers).toEqual([first.dossier.dossierCode, second.dossier.dossierCode].sort());
  });

  it('refuses an attachment that does not exist, naming its document', async () => {
    const error = await refusalWith(verifiedForPortal(['att-1', 'att-3']));
    expect(error.kind).toBe('business-rule');
    expect(error.errors).toEqual([
      { path: 'documents.1.attachmentId', message: 'no attachment att-2 uploaded by this client' },
    ]);
  });

  it("refuses another client's verified upload like a missing one", async () => {
    const error = await refusalWith([
      ...verifiedForPortal(['att-1', 'att-3']),
      verifiedAttachment('att-2', principals.hongGai.clientId),
    ]);
    expect(error.errors).toEqual([
      { path: 'documents.1.attachmentId', message: 'no attachment att-2 uploaded by this client' },
    ]);
  });

  it('refuses a pending and a rejected upload, saying why', async () => {
    const error = await refusalWith([
      ...verifiedForPortal(['att-1']),
      verifiedAttachment('att-2', principals.portal.clientId, { status: 'PENDING' }),
      verifiedAttachment('att-3', principals.portal.clientId, {
        status: 'REJECTED',
        reason: 'sha256 differs',
      }),
    ]);
    expect(error.errors).toEqual([
      { path: 'documents.1.attachmentId', message: 'attachment att-2 is PENDING, not VERIFIED' },
      {
        path: 'documents.2.attachmentId',
        message: 'attachment att-3 is REJECTED (sha256 differs), not VERIFIED',
      },
    ]);
  });

  it('takes counter scans at the counter, checked the same way', async () => {
    const { deps } = setUp();
    const scans = memoryAttachmentStore([verifiedAttachment('scan-1', principals.hongGai.clientId)]);
    const request = submission();
    request.documents = request.documents.map((d, i) => (i === 0 ? { ...d, attachmentId: 'scan-1' } : d));
    const { dossier } = await submitDossier(
      { ...deps, attachments: scans },
      principals.hongGai,
      newKey(principals.hongGai),
      request,
    );
    expect(dossier.documents.map((d) => d.digitized)).toEqual([true, false, false]);
    // The portal's upload is not the center's to use.
    const refused = await submitDossier(deps, principals.hongGai, newKey(principals.hongGai), {
      ...request,
      documents: request.documents.map((d, i) => (i === 0 ? { ...d, attachmentId: 'att-1' } : d)),
    }).catch((e: unknown) => e);
    expect((refused as DomainError).errors).toEqual([
      { path: 'documents.0.attachmentId', message: 'no attachment att-1 uploaded by this client' },
    ]);
  });
});
