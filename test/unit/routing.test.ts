import { describe, expect, it } from 'vitest';
import { routingEventId, routingsFor } from '#shared/domain/routing.ts';

const image = (status: string, version: number, resultDelivery = 'COUNTER') =>
  ({ dossierCode: 'X-250715-0001', status, version, agencyId: 'police', resultDelivery }) as Parameters<
    typeof routingsFor
  >[1];

describe('fan-out routing', () => {
  it('routes a dossier that reaches RECEIVED to its agency system', () => {
    const routings = routingsFor(image('SUBMITTED', 1), image('RECEIVED', 2));
    expect(routings).toEqual([
      { agencyId: 'police', dossierCode: 'X-250715-0001', version: 2, status: 'RECEIVED' },
    ]);
    expect(routings.map(routingEventId)).toEqual(['X-250715-0001#2#police']);
  });

  it('routes a dossier received at the counter (inserted as RECEIVED)', () => {
    expect(routingsFor(undefined, image('RECEIVED', 1))).toHaveLength(1);
  });

  it('does not route a change that keeps the status', () => {
    expect(routingsFor(image('RECEIVED', 2), image('RECEIVED', 2))).toEqual([]);
  });

  it('does not route SUBMITTED or IN_PROGRESS dossiers', () => {
    expect(routingsFor(undefined, image('SUBMITTED', 1))).toEqual([]);
    expect(routingsFor(image('RECEIVED', 2), image('IN_PROGRESS', 3))).toEqual([]);
  });

  it('routes a RESOLVED dossier with POSTAL delivery to the post', () => {
    expect(routingsFor(image('IN_PROGRESS', 3, 'POSTAL'), image('RESOLVED', 4, 'POSTAL'))).toEqual([
      { agencyId: 'post', dossierCode: 'X-250715-0001', version: 4, status: 'RESOLVED' },
    ]);
    expect(routingsFor(image('IN_PROGRESS', 3), image('RESOLVED', 4))).toEqual([]);
  });

  it('routes a POSTAL result once: not again while it stays RESOLVED, nor when it is RETURNED', () => {
    expect(routingsFor(image('RESOLVED', 4, 'POSTAL'), image('RESOLVED', 5, 'POSTAL'))).toEqual([]);
    expect(routingsFor(image('RESOLVED', 4, 'POSTAL'), image('RETURNED', 5, 'POSTAL'))).toEqual([]);
  });

  it('routes nothing else, whatever the delivery: only reaching RECEIVED or a POSTAL RESOLVED counts', () => {
    // Every status reached from IN_PROGRESS (from SUBMITTED for IN_PROGRESS itself), by hand.
    const expected: Record<string, string[]> = {
      SUBMITTED: [],
      RECEIVED: ['police'],
      NOT_RECEIVED: [],
      IN_PROGRESS: [],
      SUPPLEMENT_REQUESTED: [],
      PAYMENT_REQUESTED: [],
      WITHDRAWN: [],
      STOPPED: [],
      RESOLVED: ['post'],
      RETURNED: [],
    };
    for (const [status, agencies] of Object.entries(expected)) {
      const before = image(status === 'IN_PROGRESS' ? 'SUBMITTED' : 'IN_PROGRESS', 3, 'POSTAL');
      const routed = routingsFor(before, image(status, 4, 'POSTAL')).map((r) => r.agencyId);
      expect(routed, status).toEqual(agencies);
    }
  });
});
