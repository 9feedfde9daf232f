import { describe, expect, it } from 'vitest';
import { assertMaySubmit, maySee, type Principal } from '#shared/domain/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { Channel } from '#shared/domain/status.ts';
import { principals } from '../fixtures/catalog.ts';

/** A dossier filed by the portal at Hong Gai, decided by the commune system. */
const dossier = {
  centerId: 'hong-gai',
  submittedBy: 'local-portal',
  routedTo: ['commune'],
  agencyId: 'commune',
  competentUnitId: 'hong-gai-pc',
};

describe('who may see a dossier (docs/api.md §3)', () => {
  it('the admin sees every dossier', () => {
    expect(maySee(principals.admin, dossier)).toBe(true);
  });

  it('the portal sees what it filed, and nothing else', () => {
    expect(maySee(principals.portal, dossier)).toBe(true);
    expect(maySee({ ...principals.portal, clientId: 'other-portal' }, dossier)).toBe(false);
  });

  it("a center sees its center's dossiers only", () => {
    expect(maySee(principals.hongGai, dossier)).toBe(true);
    expect(maySee(principals.baiChay, dossier)).toBe(false);
  });

  it('an agency system sees the dossiers routed to it', () => {
    expect(maySee(principals.commune, dossier)).toBe(true);
    expect(maySee(principals.police, dossier)).toBe(false);
    expect(maySee(principals.post, { ...dossier, routedTo: ['commune', 'post'] })).toBe(true);
  });

  it('an agency binding without its agency system sees nothing', () => {
    const unbound: Principal = { clientId: 'x', profile: 'agency', scopes: [] };
    expect(maySee(unbound, dossier)).toBe(false);
  });
});

const submitting = (principal: Principal, channel: Channel, centerId: string) => {
  try {
    assertMaySubmit(principal, channel, centerId);
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
};

describe('who may file through which channel, where', () => {
  it('the portal files ONLINE dossiers at any center, and only ONLINE ones', () => {
    expect(submitting(principals.portal, 'ONLINE', 'hong-gai')).toBe('allowed');
    expect(submitting(principals.portal, 'ONLINE', 'uong-bi')).toBe('allowed');
    expect(submitting(principals.portal, 'DIRECT', 'hong-gai')).toBe('forbidden');
    expect(submitting(principals.portal, 'POSTAL', 'hong-gai')).toBe('forbidden');
  });

  it('a center files DIRECT and POSTAL dossiers at its own center only', () => {
    expect(submitting(principals.hongGai, 'DIRECT', 'hong-gai')).toBe('allowed');
    expect(submitting(principals.hongGai, 'POSTAL', 'hong-gai')).toBe('allowed');
    expect(submitting(principals.hongGai, 'ONLINE', 'hong-gai')).toBe('forbidden');
    expect(submitting(principals.hongGai, 'DIRECT', 'bai-chay')).toBe('forbidden');
  });

  it('agency systems and the admin file nothing', () => {
    for (const channel of ['ONLINE', 'DIRECT', 'POSTAL'] as const) {
      expect(submitting(principals.commune, channel, 'hong-gai')).toBe('forbidden');
      expect(submitting(principals.admin, channel, 'hong-gai')).toBe('forbidden');
    }
  });
});
