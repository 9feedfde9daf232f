import { describe, expect, it } from 'vitest';
import { fromDossierItem, toDossierItem } from '#shared/adapters/dossier-item.ts';
import { CENTERS, UNITS } from '#shared/config/seed-catalog.ts';
import { openDossier } from '#shared/domain/dossier.ts';
import { calendar, principals, procedure, submission } from '../fixtures/catalog.ts';

/** An ONLINE birth registration with one uploaded and two paper documents. */
function filed() {
  const request = submission({ channel: 'ONLINE' });
  request.documents = request.documents.map((d, i) => (i === 0 ? d : { documentCode: d.documentCode }));
  const center = CENTERS.find((c) => c.centerId === 'hong-gai');
  const unit = UNITS.find((u) => u.unitId === 'hong-gai-pc');
  if (!center || !unit) throw new Error('seed changed');
  return openDossier({
    request,
    procedure: procedure('1.001193'),
    center,
    competentUnit: unit,
    dossierCode: '000.21.01.H49-250715-0001',
    submittedBy: principals.portal,
    now: new Date('2025-07-15T09:00:00+07:00'),
    calendar,
  }).dossier;
}

describe('the stored form of a dossier', () => {
  it('keeps the filing time in the sort key alone, and no `digitized` on documents', () => {
    const item = toDossierItem(filed());
    expect(item).not.toHaveProperty('submittedAt');
    expect(item.submittedKey).toBe('2025-07-15T09:00:00+07:00#000.21.01.H49-250715-0001');
    for (const document of item.documents) expect(document).not.toHaveProperty('digitized');
  });

  it('reads back as the dossier that was stored, filing time and digitized documents included', () => {
    const dossier = filed();
    expect(dossier.documents.map((d) => d.digitized)).toEqual([true, false, false]);
    expect(fromDossierItem(toDossierItem(dossier))).toEqual(dossier);
  });

  it('reads an item written with both fields as before', () => {
    const dossier = filed();
    const before = {
      ...toDossierItem(dossier),
      submittedAt: dossier.submittedAt,
      documents: dossier.documents,
    };
    expect(fromDossierItem(before)).toEqual(dossier);
  });
});
