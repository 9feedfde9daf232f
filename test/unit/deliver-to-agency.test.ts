import { describe, expect, it } from 'vitest';
import type { Dossier } from '#shared/domain/dossier.ts';
import { type DeliverDeps, deliverToAgency } from '#shared/use-cases/deliver-to-agency.ts';
import type { AgencyEndpoints } from '#shared/use-cases/ports.ts';
import { seedCatalog } from '../fixtures/catalog.ts';
import { memoryDossierStore } from '../fixtures/dossier-store.ts';

const NOW = new Date('2025-07-15T09:00:00+07:00');
const CODE = '000.21.01.H49-250715-0001';

const dossier = (overrides: Partial<Dossier> = {}): Dossier => ({
  dossierCode: CODE,
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  centerId: 'hong-gai',
  competentUnitId: 'hong-gai-pc',
  agencyId: 'commune',
  category: 'OWN_AUTHORITY',
  channel: 'DIRECT',
  status: 'RECEIVED',
  version: 1,
  submittedAt: '2025-07-15T08:00:00+07:00',
  receivedAt: '2025-07-15T08:00:00+07:00',
  dueAt: '2025-07-16T08:00:00+07:00',
  applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Hồng Gai' },
  summary: 'Đăng ký khai sinh',
  documents: [{ documentCode: 'TP01' }],
  resultDelivery: 'POSTAL',
  processing: { days: 1 },
  submittedBy: 'local-center-hong-gai',
  routedTo: ['commune'],
  ...overrides,
});

/** Endpoints for the given agencies, recording what was posted. */
function endpoints(withEndpoint: string[]) {
  const posted: { agencyId: string; eventId: string; payload: { reason: string; eventId: string } }[] = [];
  const port: AgencyEndpoints = {
    has: (agencyId) => withEndpoint.includes(agencyId),
    deliver: async (agencyId, eventId, payload) => {
      posted.push({ agencyId, eventId, payload: payload as (typeof posted)[number]['payload'] });
    },
  };
  return { port, posted };
}

function setUp(stored: Dossier, withEndpoint: string[] = ['commune', 'post']) {
  const dossiers = memoryDossierStore([stored]);
  const { port, posted } = endpoints(withEndpoint);
  const deps: DeliverDeps = { catalog: seedCatalog(), dossiers, endpoints: port, now: () => NOW };
  return { deps, dossiers, posted };
}

const toProcess = {
  agencyId: 'commune',
  dossierCode: CODE,
  version: 1,
  status: 'RECEIVED',
  eventId: `${CODE}#1#commune`,
};
const toPost = {
  agencyId: 'post',
  dossierCode: CODE,
  version: 5,
  status: 'RESOLVED',
  eventId: `${CODE}#5#post`,
};

describe('delivering a routed dossier to its agency system', () => {
  it('posts it for processing and starts it as the agency', async () => {
    // Prepare
    const { deps, dossiers, posted } = setUp(dossier());

    // Act
    const outcome = await deliverToAgency(deps, toProcess);

    // Assess
    expect(outcome).toBe('started');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      agencyId: 'commune',
      eventId: toProcess.eventId,
      payload: {
        eventId: toProcess.eventId,
        reason: 'PROCESS',
        dossier: { dossierCode: CODE, statusCode: 2 },
      },
    });
    expect(dossiers.dossiers.get(CODE)).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(dossiers.history.get(CODE)).toEqual([
      expect.objectContaining({
        action: 'START',
        actor: 'agency-handler:commune',
        at: '2025-07-15T09:00:00+07:00',
      }),
    ]);
  });

  it('only delivers when someone else started it meanwhile', async () => {
    const { deps, dossiers, posted } = setUp(dossier());
    dossiers.applyTransition = async () => false;
    expect(await deliverToAgency(deps, toProcess)).toBe('delivered');
    expect(posted).toHaveLength(1);
  });

  it('drops a routing the dossier has moved past, sending nothing', async () => {
    const { deps, posted } = setUp(dossier({ status: 'IN_PROGRESS', version: 2 }));
    expect(await deliverToAgency(deps, toProcess)).toBe('superseded');
    expect(posted).toEqual([]);
  });

  it('leaves the dossier on the worklist of an agency without an endpoint', async () => {
    const { deps, dossiers, posted } = setUp(dossier(), ['post']);
    expect(await deliverToAgency(deps, toProcess)).toBe('waiting');
    expect(posted).toEqual([]);
    expect(dossiers.dossiers.get(CODE)?.status).toBe('RECEIVED');
  });

  it('delivers a result to the post whatever happened since, without starting anything', async () => {
    const returned = dossier({ status: 'RETURNED', version: 6, routedTo: ['commune', 'post'] });
    const { deps, dossiers, posted } = setUp(returned);
    expect(await deliverToAgency(deps, toPost)).toBe('delivered');
    expect(posted).toEqual([
      expect.objectContaining({
        agencyId: 'post',
        payload: expect.objectContaining({ reason: 'DELIVER_RESULT' }),
      }),
    ]);
    expect(dossiers.dossiers.get(CODE)).toMatchObject({ status: 'RETURNED', version: 6 });
  });

  it('does not start a dossier routed to an agency that does not decide it', async () => {
    const { deps, dossiers } = setUp(dossier({ routedTo: ['commune', 'post'] }));
    const toOther = { ...toProcess, agencyId: 'post', eventId: `${CODE}#1#post` };
    expect(await deliverToAgency(deps, toOther)).toBe('delivered');
    expect(dossiers.dossiers.get(CODE)?.status).toBe('RECEIVED');
  });

  it('fails, for the queue to retry, when the dossier does not exist or the endpoint fails', async () => {
    const { deps } = setUp(dossier());
    await expect(deliverToAgency(deps, { ...toProcess, dossierCode: 'X-250715-0009' })).rejects.toThrow(
      /does not exist/,
    );
    const failing: DeliverDeps = {
      ...deps,
      endpoints: {
        has: () => true,
        deliver: async () => {
          throw new Error('503');
        },
      },
    };
    await expect(deliverToAgency(failing, toProcess)).rejects.toThrow('503');
    expect((await deps.dossiers.get(CODE))?.status).toBe('RECEIVED');
  });
});
