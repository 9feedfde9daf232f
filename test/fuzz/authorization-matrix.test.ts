/**
 * Who may do what, from ONE table: route × client (profile, and the center, agency system or
 * unit it is bound to) × resource (a dossier, center or agency of its own or someone else's) →
 * the status. Plus every token route refusing every kind of bad token with a 401 problem, and
 * every list holding only what its caller may see.
 *
 * Actions are sent with `expectedVersion: 999`: a caller who may act gets 409 (version
 * conflict) and nothing changes, so the table can hold who may act without moving a dossier.
 *
 * Runs in the fuzz project: it needs the runtime's signing key for the expired and
 * wrong-issuer tokens (signed right, wrong only in what they are named for).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '#infra/topology.ts';
import { PDF, sha256Hex } from '../fixtures/files.ts';
import { verifiedUpload } from '../fixtures/upload.ts';
import {
  BAD_TOKEN_KINDS,
  type BadTokenKind,
  badTokens,
  call,
  devToken,
  mintToken,
  problemDefect,
} from './client.ts';

const PDF_SHA256 = sha256Hex(PDF);

const target = inject('fuzzTarget');

/** The clients of the table: every profile, bound to own and foreign centers, agencies, units. */
const CLIENTS = {
  portal: 'local-portal',
  admin: 'local-admin',
  centerHongGai: 'local-center-hong-gai',
  centerBaiChay: 'local-center-bai-chay',
  /** Hong Gai's center app with a token of the read scope only. */
  centerHongGaiReadOnly: 'local-center-hong-gai motcua/dossiers.read',
  commune: 'local-agency-commune',
  police: 'local-agency-police',
  unitHongGai: 'local-agency-commune-hong-gai-pc',
  unitBaiChay: 'local-agency-commune-bai-chay-pc',
} as const;
type Client = keyof typeof CLIENTS;

/**
 * The dossiers filed in beforeAll:
 * HG  DIRECT at Hong Gai, decided by `commune`, unit hong-gai-pc (RECEIVED);
 * BC  DIRECT at Bai Chay, decided by `commune`, unit bai-chay-pc (RECEIVED);
 * POL DIRECT at Hong Gai, decided by `police` (RECEIVED);
 * ONL ONLINE from the portal at Bai Chay (SUBMITTED: not routed to any agency yet).
 * And the uploads they attach: ATT-ONL, the portal's, in ONL; ATT-HG, Hong Gai's counter scan, in HG.
 */
type Fixture = 'HG' | 'BC' | 'POL' | 'ONL' | 'ATT-ONL' | 'ATT-HG';

type Row = { over: readonly string[] } & Record<Client, readonly number[]>;

// biome-ignore format: the table reads as a table
const MATRIX: Record<string, Row> = {
  'GET /v1/dossiers/{dossierCode}': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   200],
    admin:                 [200,  200,  200,   200],
    centerHongGai:         [200,  404,  200,   404],
    centerBaiChay:         [404,  200,  404,   200],
    centerHongGaiReadOnly: [200,  404,  200,   404],
    commune:               [200,  200,  404,   404],
    police:                [404,  404,  200,   404],
    unitHongGai:           [200,  404,  404,   404],
    unitBaiChay:           [404,  200,  404,   404],
  },
  'START /v1/dossiers/{dossierCode}/actions': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   403],
    admin:                 [403,  403,  403,   403],
    centerHongGai:         [403,  404,  403,   404],
    centerBaiChay:         [404,  403,  404,   403],
    centerHongGaiReadOnly: [403,  403,  403,   403],
    commune:               [409,  409,  404,   404],
    police:                [404,  404,  409,   404],
    unitHongGai:           [409,  404,  404,   404],
    unitBaiChay:           [404,  409,  404,   404],
  },
  'ACCEPT /v1/dossiers/{dossierCode}/actions': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   403],
    admin:                 [403,  403,  403,   403],
    centerHongGai:         [409,  404,  409,   404],
    centerBaiChay:         [404,  409,  404,   409],
    centerHongGaiReadOnly: [403,  403,  403,   403],
    commune:               [403,  403,  404,   404],
    police:                [404,  404,  403,   404],
    unitHongGai:           [403,  404,  404,   404],
    unitBaiChay:           [404,  403,  404,   404],
  },
  'WITHDRAW /v1/dossiers/{dossierCode}/actions': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   409],
    admin:                 [403,  403,  403,   403],
    centerHongGai:         [409,  404,  409,   404],
    centerBaiChay:         [404,  409,  404,   409],
    centerHongGaiReadOnly: [403,  403,  403,   403],
    commune:               [403,  403,  404,   404],
    police:                [404,  404,  403,   404],
    unitHongGai:           [403,  404,  404,   404],
    unitBaiChay:           [404,  403,  404,   404],
  },
  'GET /v1/dossiers': {
    over:                  ['centerId=hong-gai', 'centerId=bai-chay', 'agencyId=commune', 'agencyId=police', '-'],
    portal:                [200,                 200,                 200,                200,               200],
    admin:                 [200,                 200,                 200,                200,               400],
    centerHongGai:         [200,                 403,                 200,                200,               200],
    centerBaiChay:         [403,                 200,                 200,                200,               200],
    centerHongGaiReadOnly: [200,                 403,                 200,                200,               200],
    commune:               [200,                 200,                 200,                403,               200],
    police:                [200,                 200,                 403,                200,               200],
    unitHongGai:           [200,                 200,                 200,                403,               200],
    unitBaiChay:           [200,                 200,                 200,                403,               200],
  },
  'POST /v1/dossiers': {
    over:                  ['DIRECT@hong-gai', 'DIRECT@bai-chay', 'ONLINE@hong-gai'],
    portal:                [403,               403,               201],
    admin:                 [403,               403,               403],
    centerHongGai:         [201,               403,               403],
    centerBaiChay:         [403,               201,               403],
    centerHongGaiReadOnly: [403,               403,               403],
    commune:               [403,               403,               403],
    police:                [403,               403,               403],
    unitHongGai:           [403,               403,               403],
    unitBaiChay:           [403,               403,               403],
  },
  'POST /v1/attachments': {
    over:                  ['pdf'],
    portal:                [201],
    admin:                 [403],
    centerHongGai:         [201],
    centerBaiChay:         [201],
    centerHongGaiReadOnly: [403],
    commune:               [201],
    police:                [201],
    unitHongGai:           [201],
    unitBaiChay:           [201],
  },
  'GET /v1/attachments/{attachmentId}': {
    over:                  ['ATT-ONL', 'ATT-HG'],
    portal:                [200,       404],
    admin:                 [200,       200],
    centerHongGai:         [404,       200],
    centerBaiChay:         [200,       404],
    centerHongGaiReadOnly: [404,       200],
    commune:               [404,       200],
    police:                [404,       404],
    unitHongGai:           [404,       200],
    unitBaiChay:           [404,       404],
  },
  'GET /v1/attachments/{attachmentId}/download': {
    over:                  ['ATT-ONL', 'ATT-HG'],
    portal:                [200,       404],
    admin:                 [200,       200],
    centerHongGai:         [404,       200],
    centerBaiChay:         [200,       404],
    centerHongGaiReadOnly: [404,       200],
    commune:               [404,       200],
    police:                [404,       404],
    unitHongGai:           [404,       200],
    unitBaiChay:           [404,       404],
  },
  // Opening a payment: who may see the dossier and pay (portal, center) gets 409, since none of
  // the fixtures waits for payment; an agency or the admin 403; a read-only token 403 (scope).
  'POST /v1/dossiers/{dossierCode}/payments': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   409],
    admin:                 [403,  403,  403,   403],
    centerHongGai:         [409,  404,  409,   404],
    centerBaiChay:         [404,  409,  404,   409],
    centerHongGaiReadOnly: [403,  403,  403,   403],
    commune:               [403,  403,  404,   404],
    police:                [404,  404,  403,   404],
    unitHongGai:           [403,  404,  404,   404],
    unitBaiChay:           [404,  403,  404,   404],
  },
  'GET /v1/dossiers/{dossierCode}/payments': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   200],
    admin:                 [200,  200,  200,   200],
    centerHongGai:         [200,  404,  200,   404],
    centerBaiChay:         [404,  200,  404,   200],
    centerHongGaiReadOnly: [200,  404,  200,   404],
    commune:               [200,  200,  404,   404],
    police:                [404,  404,  200,   404],
    unitHongGai:           [200,  404,  404,   404],
    unitBaiChay:           [404,  200,  404,   404],
  },
  'GET /v1/dossiers/{dossierCode}/notifications': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   200],
    admin:                 [200,  200,  200,   200],
    centerHongGai:         [200,  404,  200,   404],
    centerBaiChay:         [404,  200,  404,   200],
    centerHongGaiReadOnly: [200,  404,  200,   404],
    commune:               [200,  200,  404,   404],
    police:                [404,  404,  200,   404],
    unitHongGai:           [200,  404,  404,   404],
    unitBaiChay:           [404,  200,  404,   404],
  },
  // The receipt: the dossier's own visibility.
  'GET /v1/dossiers/{dossierCode}/receipt': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   200],
    admin:                 [200,  200,  200,   200],
    centerHongGai:         [200,  404,  200,   404],
    centerBaiChay:         [404,  200,  404,   200],
    centerHongGaiReadOnly: [200,  404,  200,   404],
    commune:               [200,  200,  404,   404],
    police:                [404,  404,  200,   404],
    unitHongGai:           [200,  404,  404,   404],
    unitBaiChay:           [404,  200,  404,   404],
  },
  // A rating: the portal and the centers, on what they see; 409 as none is RETURNED.
  'POST /v1/dossiers/{dossierCode}/rating': {
    over:                  ['HG', 'BC', 'POL', 'ONL'],
    portal:                [404,  404,  404,   409],
    admin:                 [403,  403,  403,   403],
    centerHongGai:         [409,  404,  409,   404],
    centerBaiChay:         [404,  409,  404,   409],
    centerHongGaiReadOnly: [403,  403,  403,   403],
    commune:               [403,  403,  403,   403],
    police:                [403,  403,  403,   403],
    unitHongGai:           [403,  403,  403,   403],
    unitBaiChay:           [403,  403,  403,   403],
  },
  'GET catalog': {
    over:                  ['/v1/centers', '/v1/units', '/v1/agencies', '/v1/procedures', '/v1/procedures/1.001193', '/v1/calendar/2093'],
    portal:                [200,           200,         200,            200,              200,                       200],
    admin:                 [200,           200,         200,            200,              200,                       200],
    centerHongGai:         [200,           200,         200,            200,              200,                       200],
    centerBaiChay:         [200,           200,         200,            200,              200,                       200],
    centerHongGaiReadOnly: [200,           200,         200,            200,              200,                       200],
    commune:               [200,           200,         200,            200,              200,                       200],
    police:                [200,           200,         200,            200,              200,                       200],
    unitHongGai:           [200,           200,         200,            200,              200,                       200],
    unitBaiChay:           [200,           200,         200,            200,              200,                       200],
  },
  'PUT catalog': {
    over:                  ['/v1/procedures/AUTHZ.0001', '/v1/calendar/2093'],
    portal:                [403,                         403],
    admin:                 [200,                         200],
    centerHongGai:         [403,                         403],
    centerBaiChay:         [403,                         403],
    centerHongGaiReadOnly: [403,                         403],
    commune:               [403,                         403],
    police:                [403,                         403],
    unitHongGai:           [403,                         403],
    unitBaiChay:           [403,                         403],
  },
  'POST catalog import': {
    over:                  ['/v1/admin/procedures/import'],
    portal:                [403],
    admin:                 [200],
    centerHongGai:         [403],
    centerBaiChay:         [403],
    centerHongGaiReadOnly: [403],
    commune:               [403],
    police:                [403],
    unitHongGai:           [403],
    unitBaiChay:           [403],
  },
  'GET reports': {
    over:                  ['monthly?centerId=hong-gai', 'monthly?centerId=bai-chay', 'monthly', 'indicators?centerId=hong-gai', 'indicators'],
    portal:                [403,                         403,                         403,       403,                            403],
    admin:                 [200,                         200,                         200,       200,                            200],
    centerHongGai:         [200,                         403,                         200,       200,                            200],
    centerBaiChay:         [403,                         200,                         200,       403,                            200],
    centerHongGaiReadOnly: [403,                         403,                         403,       403,                            403],
    commune:               [403,                         403,                         403,       403,                            403],
    police:                [403,                         403,                         403,       403,                            403],
    unitHongGai:           [403,                         403,                         403,       403,                            403],
    unitBaiChay:           [403,                         403,                         403,       403,                            403],
  },
  'POST /v1/admin/dossiers:import': {
    over:                  ['validateOnly'],
    portal:                [403],
    admin:                 [200],
    centerHongGai:         [403],
    centerBaiChay:         [403],
    centerHongGaiReadOnly: [403],
    commune:               [403],
    police:                [403],
    unitHongGai:           [403],
    unitBaiChay:           [403],
  },
};

// ---------------------------------------------------------------------------------------------
// Set-up

const tokens = new Map<Client, string>();
const codes = new Map<Fixture, string>();
let procedure: Record<string, unknown>;
let keys = 0;
const key = () => `authz-${Date.now()}-${++keys}`;

/**
 * Verified uploads: the portal's (ONLINE documents), one more of the portal's that only ONL
 * attaches (ATT-ONL), and Hong Gai's counter scan that only HG attaches (ATT-HG).
 */
const uploads = { portal: [] as string[], onlyOnl: '', scan: '' };

/**
 * ONLINE: every document the portal's upload; at the counter, paper. `first`: the first
 * document's attachment instead.
 */
const filing = (centerId: string, channel: string, procedureCode = '1.001193', first?: string) => ({
  procedureCode,
  centerId,
  channel,
  applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Lê Văn Cường', address: 'Tổ 5, khu 3' },
  summary: 'Hồ sơ kiểm tra quyền truy cập',
  documents: ['TP01', 'TP02', 'TP03'].map((documentCode, i) => ({
    documentCode,
    ...(channel === 'ONLINE' ? { attachmentId: uploads.portal[i] } : {}),
    ...(i === 0 && first ? { attachmentId: first } : {}),
  })),
  resultDelivery: 'COUNTER',
});

async function file(client: Client, body: unknown): Promise<string> {
  const filed = await call(target, 'POST', '/v1/dossiers', {
    token: tokens.get(client) ?? '',
    body,
    headers: { 'idempotency-key': key() },
  });
  const code = (filed.json as { dossierCode?: string } | undefined)?.dossierCode;
  if (filed.status !== 201 || !code) throw new Error(`filing for ${client}: ${filed.status} ${filed.text}`);
  return code;
}

beforeAll(async () => {
  for (const [client, name] of Object.entries(CLIENTS) as [Client, string][]) {
    const [clientId, scope] = name.split(' ');
    tokens.set(client, await devToken(target, clientId ?? '', scope));
  }
  for (const _ of [1, 2, 3])
    uploads.portal.push(await verifiedUpload(target.url, tokens.get('portal') ?? '', PDF));
  uploads.onlyOnl = await verifiedUpload(target.url, tokens.get('portal') ?? '', PDF);
  uploads.scan = await verifiedUpload(target.url, tokens.get('centerHongGai') ?? '', PDF);
  codes.set('ATT-ONL', uploads.onlyOnl);
  codes.set('ATT-HG', uploads.scan);
  codes.set('HG', await file('centerHongGai', filing('hong-gai', 'DIRECT', '1.001193', uploads.scan)));
  codes.set('BC', await file('centerBaiChay', filing('bai-chay', 'DIRECT')));
  codes.set('POL', await file('centerHongGai', filing('hong-gai', 'DIRECT', '1.004222')));
  codes.set('ONL', await file('portal', filing('bai-chay', 'ONLINE', '1.001193', uploads.onlyOnl)));
  const read = await call(target, 'GET', '/v1/procedures/1.001193', { token: tokens.get('admin') ?? '' });
  procedure = { ...(read.json as Record<string, unknown>), code: 'AUTHZ.0001' };
  // The procedure exists before the table's PUT: replacing it is a 200 whoever came first.
  const created = await call(target, 'PUT', '/v1/procedures/AUTHZ.0001', {
    token: tokens.get('admin') ?? '',
    body: procedure,
  });
  expect([200, 201]).toContain(created.status);
});

// ---------------------------------------------------------------------------------------------
// Requests

type Request = { method: string; path: string; body?: unknown; headers?: Record<string, string> };

const codeOf = (fixture: string): string => {
  const code = codes.get(fixture as Fixture);
  if (!code) throw new Error(`no fixture ${fixture}`);
  return code;
};

const action =
  (name: string) =>
  (fixture: string): Request => ({
    method: 'POST',
    path: `/v1/dossiers/${codeOf(fixture)}/actions`,
    body: { action: name, expectedVersion: 999 },
  });

const REQUESTS: Record<string, (resource: string) => Request> = {
  'GET /v1/dossiers/{dossierCode}': (fixture) => ({ method: 'GET', path: `/v1/dossiers/${codeOf(fixture)}` }),
  'START /v1/dossiers/{dossierCode}/actions': action('START'),
  'ACCEPT /v1/dossiers/{dossierCode}/actions': action('ACCEPT'),
  'WITHDRAW /v1/dossiers/{dossierCode}/actions': action('WITHDRAW'),
  'GET /v1/dossiers': (query) => ({ method: 'GET', path: `/v1/dossiers${query === '-' ? '' : `?${query}`}` }),
  'POST /v1/dossiers': (where) => {
    const [channel = '', centerId = ''] = where.split('@');
    return {
      method: 'POST',
      path: '/v1/dossiers',
      body: filing(centerId, channel),
      headers: { 'idempotency-key': key() },
    };
  },
  'POST /v1/attachments': () => ({
    method: 'POST',
    path: '/v1/attachments',
    body: { fileName: 'scan.pdf', contentType: 'application/pdf', size: PDF.length, sha256: PDF_SHA256 },
  }),
  'GET /v1/attachments/{attachmentId}': (fixture) => ({
    method: 'GET',
    path: `/v1/attachments/${codeOf(fixture)}`,
  }),
  'GET /v1/attachments/{attachmentId}/download': (fixture) => ({
    method: 'GET',
    path: `/v1/attachments/${codeOf(fixture)}/download`,
  }),
  'GET /v1/dossiers/{dossierCode}/receipt': (fixture) => ({
    method: 'GET',
    path: `/v1/dossiers/${codeOf(fixture)}/receipt`,
  }),
  'POST /v1/dossiers/{dossierCode}/rating': (fixture) => ({
    method: 'POST',
    path: `/v1/dossiers/${codeOf(fixture)}/rating`,
    body: { score: 5 },
  }),
  'POST /v1/dossiers/{dossierCode}/payments': (fixture) => ({
    method: 'POST',
    path: `/v1/dossiers/${codeOf(fixture)}/payments`,
  }),
  'GET /v1/dossiers/{dossierCode}/payments': (fixture) => ({
    method: 'GET',
    path: `/v1/dossiers/${codeOf(fixture)}/payments`,
  }),
  'GET /v1/dossiers/{dossierCode}/notifications': (fixture) => ({
    method: 'GET',
    path: `/v1/dossiers/${codeOf(fixture)}/notifications`,
  }),
  'GET catalog': (path) => ({ method: 'GET', path }),
  'GET reports': (which) => {
    const [report = '', query] = which.split('?');
    return { method: 'GET', path: `/v1/reports/${report}?month=2025-07${query ? `&${query}` : ''}` };
  },
  // validateOnly: whoever may import gets 200 and nothing is written.
  'POST /v1/admin/dossiers:import': () => ({
    method: 'POST',
    path: '/v1/admin/dossiers:import',
    body: { rows: [{ MaHoSo: 'AUTHZ-250715-0001' }], validateOnly: true },
  }),
  'PUT catalog': (path) => ({
    method: 'PUT',
    path,
    body: path.startsWith('/v1/calendar') ? { daysOff: ['2093-01-01'], workingDays: [] } : procedure,
  }),
  // A dry run: it checks and counts, and leaves the catalog as it is.
  'POST catalog import': (path) => ({
    method: 'POST',
    path,
    body: { procedures: [procedure], dryRun: true },
  }),
};

const cases = Object.entries(MATRIX).flatMap(([route, row]) =>
  (Object.keys(CLIENTS) as Client[]).flatMap((client) =>
    row.over.map((resource, i) => ({ route, client, resource, expected: row[client][i] ?? 0 })),
  ),
);

// ---------------------------------------------------------------------------------------------
// What every item of a list must be, for the caller

type Item = {
  dossierCode: string;
  centerId: string;
  agencyId: string;
  competentUnitId: string;
  channel: string;
};

/** Why `item` is not the caller's to list, or undefined. */
function notTheCallers(client: Client, item: Item): string | undefined {
  const must = (ok: boolean, what: string) => (ok ? undefined : `${item.dossierCode}: ${what}`);
  switch (client) {
    case 'admin':
      return undefined;
    // Only the portal files ONLINE dossiers; it is the one portal client.
    case 'portal':
      return must(item.channel === 'ONLINE', `channel ${item.channel} was not filed by the portal`);
    case 'centerHongGai':
    case 'centerHongGaiReadOnly':
      return must(item.centerId === 'hong-gai', `center ${item.centerId}`);
    case 'centerBaiChay':
      return must(item.centerId === 'bai-chay', `center ${item.centerId}`);
    case 'commune':
      return must(item.agencyId === 'commune', `agency ${item.agencyId}`);
    case 'police':
      return must(item.agencyId === 'police', `agency ${item.agencyId}`);
    case 'unitHongGai':
      return must(
        item.agencyId === 'commune' && item.competentUnitId === 'hong-gai-pc',
        `unit ${item.competentUnitId}`,
      );
    case 'unitBaiChay':
      return must(
        item.agencyId === 'commune' && item.competentUnitId === 'bai-chay-pc',
        `unit ${item.competentUnitId}`,
      );
  }
}

/** The fixtures each client's unfiltered list must show (the table's own dossiers). */
const OWN: Record<Client, readonly Fixture[]> = {
  portal: ['ONL'],
  admin: [],
  centerHongGai: ['HG', 'POL'],
  centerBaiChay: ['BC', 'ONL'],
  centerHongGaiReadOnly: ['HG', 'POL'],
  commune: ['HG', 'BC'],
  police: ['POL'],
  unitHongGai: ['HG'],
  unitBaiChay: ['BC'],
};

// ---------------------------------------------------------------------------------------------
// The cases

describe('the authorization matrix', () => {
  it.each(cases)(
    '$route [$resource] as $client → $expected',
    async ({ route, client, resource, expected }) => {
      const build = REQUESTS[route];
      if (!build) throw new Error(`no request for ${route}`);
      const request = build(resource);
      const response = await call(target, request.method, request.path, {
        token: tokens.get(client) ?? '',
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.headers ? { headers: request.headers } : {}),
      });
      expect(response.status, response.text).toBe(expected);
      if (expected >= 400) expect(problemDefect(response)).toBeUndefined();

      if (route === 'GET /v1/dossiers' && expected === 200) {
        const items = (response.json as { items: Item[] }).items;
        expect(items.map((item) => notTheCallers(client, item)).filter(Boolean)).toEqual([]);
        if (resource === '-') {
          const listed = new Set(items.map((item) => item.dossierCode));
          expect(OWN[client].filter((fixture) => !listed.has(codeOf(fixture)))).toEqual([]);
        }
      }
    },
  );

  it('the table reaches every route of the topology that takes a token', () => {
    const sent = Object.entries(MATRIX).flatMap(([route, row]) =>
      row.over.map((resource) => REQUESTS[route]?.(resource)).filter((r): r is Request => r !== undefined),
    );
    const unreached = ROUTES.filter((route) => route.auth === 'token').filter((route) => {
      const template = new RegExp(`^${route.path.replaceAll('.', '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return !sent.some((r) => r.method === route.method && template.test(r.path.replace(/\?.*$/, '')));
    });
    expect(unreached.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });
});

describe('bad tokens on every token route', () => {
  const routes = ROUTES.filter((route) => route.auth === 'token');
  const kinds = BAD_TOKEN_KINDS.flatMap((kind) =>
    routes.map((route) => ({ kind, route: `${route.method} ${route.path}` })),
  );
  let bad: Record<BadTokenKind, string | undefined>;
  beforeAll(async () => {
    bad = await badTokens(target);
  });

  it.each(kinds)('$route with token "$kind" → 401 problem', async ({ kind, route }) => {
    const [method = 'GET', template = ''] = route.split(' ');
    const path = template
      .replace('{dossierCode}', codeOf('HG'))
      .replace('{code}', '1.001193')
      .replace('{year}', '2093')
      .replace('{attachmentId}', codeOf('ATT-HG'));
    const token = bad[kind];
    const response = await call(target, method, path, {
      ...(token === undefined ? {} : { token }),
      ...(method === 'GET' ? {} : { body: {} }),
    });
    expect(response.status, response.text).toBe(401);
    expect(problemDefect(response)).toBeUndefined();
  });

  it('each is refused for its defect alone: the same claims, signed right, pass', async () => {
    const control = await mintToken(target);
    const response = await call(target, 'GET', `/v1/dossiers/${codeOf('HG')}`, { token: control });
    expect(response.status, response.text).toBe(200);
  });
});
