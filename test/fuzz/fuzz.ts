/**
 * The fuzz run: files a few dossiers to aim at, then sends `runs` generated requests (seeded:
 * the same seed sends the same sequence) one at a time and checks each answer:
 * - no status ≥ 500, no transport failure;
 * - every 4xx is problem+json with type, title, status (= the response's) and detail;
 * - a bad token never gets a 2xx;
 * - a rejected (4xx) request changed nothing: the dossier it aimed at keeps its status and
 *   version, a rejected submission leaves every center's newest dossier as it was, a rejected
 *   procedure write leaves the procedure as it was.
 */
import fc from 'fast-check';
import { DEV_CLIENTS } from '#infra/local/dev-clients.ts';
import { ROUTES, SCOPES } from '#infra/topology.ts';
import { PDF } from '../fixtures/files.ts';
import { verifiedUpload } from '../fixtures/upload.ts';
import {
  BAD_TOKEN_NAMES,
  type FuzzContext,
  type FuzzRequest,
  requestArbitrary,
  routeName,
} from './arbitraries.ts';
import {
  type BadTokenKind,
  badTokens,
  call,
  devToken,
  devTokens,
  problemDefect,
  type RawResponse,
  send,
} from './client.ts';
import type { FuzzTarget } from './runtime.ts';

export type FuzzFailure = {
  index: number;
  route: string;
  method: string;
  path: string;
  token: string;
  status: number;
  defect: string;
  detail?: string;
};

export type FuzzReport = {
  seed: number;
  runs: number;
  seconds: number;
  byStatus: Record<string, number>;
  byRoute: Record<string, Record<string, number>>;
  /** Rejected requests whose "nothing changed" was checked by a fingerprint. */
  fingerprinted: number;
  failures: FuzzFailure[];
};

const CENTERS = ['hong-gai', 'bai-chay', 'tien-yen', 'uong-bi'];
/** Tokens with one scope only: the gateway's scope check gets its share of the runs. */
const ONE_SCOPE_TOKENS = [
  ['local-center-hong-gai', SCOPES.read],
  ['local-portal', SCOPES.read],
  ['local-admin', SCOPES.admin],
  ['local-agency-commune', SCOPES.read],
] as const;

const birthRegistration = (centerId: string, channel: string, procedureCode = '1.001193') => ({
  procedureCode,
  centerId,
  channel,
  applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Trần Thị Bình', address: 'Tổ 3, khu 1' },
  summary: 'Hồ sơ để thử',
  documents: ['TP01', 'TP02', 'TP03'].map((documentCode, i) => ({
    documentCode,
    attachmentId: `att-fuzz-${i}`,
  })),
  resultDelivery: 'COUNTER',
});

/** The dossiers the run aims at: who files each, and who may act on it. */
const FIXTURES: { filer: string; body: ReturnType<typeof birthRegistration>; actors: string[] }[] = [
  {
    filer: 'local-center-hong-gai',
    body: birthRegistration('hong-gai', 'DIRECT'),
    actors: ['local-center-hong-gai', 'local-agency-commune', 'local-agency-commune-hong-gai-pc'],
  },
  {
    filer: 'local-center-bai-chay',
    body: birthRegistration('bai-chay', 'DIRECT'),
    actors: ['local-center-bai-chay', 'local-agency-commune', 'local-agency-commune-bai-chay-pc'],
  },
  {
    filer: 'local-center-hong-gai',
    body: birthRegistration('hong-gai', 'DIRECT', '1.004222'),
    actors: ['local-center-hong-gai', 'local-agency-police'],
  },
  {
    filer: 'local-center-tien-yen',
    body: birthRegistration('tien-yen', 'POSTAL', '2.001610'),
    actors: ['local-center-tien-yen', 'local-agency-provincial'],
  },
  {
    filer: 'local-portal',
    body: birthRegistration('hong-gai', 'ONLINE'),
    actors: ['local-portal', 'local-center-hong-gai', 'local-agency-commune'],
  },
  {
    filer: 'local-portal',
    body: birthRegistration('uong-bi', 'ONLINE'),
    actors: ['local-portal', 'local-center-uong-bi', 'local-agency-commune-uong-bi-pc'],
  },
];

type Setup = { context: FuzzContext; tokens: Map<string, string | undefined>; admin: string };

async function setUp(target: FuzzTarget): Promise<Setup> {
  const tokens = new Map<string, string | undefined>(await devTokens(target));
  for (const [clientId, scope] of ONE_SCOPE_TOKENS) {
    tokens.set(`${clientId} ${scope}`, await devToken(target, clientId, scope));
  }
  const bad = await badTokens(target);
  for (const [kind, value] of Object.entries(bad)) tokens.set(`bad:${kind as BadTokenKind}`, value);
  const admin = tokens.get('local-admin') ?? '';

  // The portal's verified uploads: ONLINE dossiers attach them; paper ones at the counter attach none.
  const attachments: string[] = [];
  for (const file of [PDF, PDF, PDF]) {
    attachments.push(await verifiedUpload(target.url, tokens.get('local-portal') ?? '', file));
  }
  const attached = (body: ReturnType<typeof birthRegistration>) => ({
    ...body,
    documents: body.documents.map(({ documentCode }, i) =>
      body.channel === 'ONLINE' ? { documentCode, attachmentId: attachments[i] } : { documentCode },
    ),
  });
  // Each twice: the run takes some to their end (withdrawn, stopped, returned) and others not.
  const fixtures = [...FIXTURES, ...FIXTURES].map((fixture) => ({
    ...fixture,
    body: attached(fixture.body),
  }));
  const dossierCodes: string[] = [];
  for (const [i, { filer, body }] of fixtures.entries()) {
    const filed = await call(target, 'POST', '/v1/dossiers', {
      token: tokens.get(filer) ?? '',
      body,
      headers: { 'idempotency-key': `fuzz-fixture-${Date.now()}-${i}` },
    });
    const code = (filed.json as { dossierCode?: string } | undefined)?.dossierCode;
    if (filed.status !== 201 || !code) throw new Error(`fuzz fixture ${i}: ${filed.status} ${filed.text}`);
    dossierCodes.push(code);
  }
  const cursors: string[] = [];
  for (const [path, token] of [
    ['/v1/dossiers?centerId=hong-gai&limit=1', admin],
    ['/v1/procedures?limit=1', tokens.get('local-portal') ?? ''],
  ] as const) {
    const page = await call(target, 'GET', path, { token });
    const next = (page.json as { nextCursor?: string } | undefined)?.nextCursor;
    if (next) cursors.push(next);
  }
  const procedure = await call(target, 'GET', '/v1/procedures/1.001193', { token: admin });
  if (procedure.status !== 200) throw new Error(`GET /v1/procedures/1.001193: ${procedure.status}`);
  return {
    admin,
    tokens,
    context: {
      dossierCodes,
      attachments,
      actors: fixtures.map((fixture) => fixture.actors),
      cursors,
      procedure: procedure.json as Record<string, unknown>,
      tokenNames: [
        ...DEV_CLIENTS.map((client) => client.binding.clientId),
        ...ONE_SCOPE_TOKENS.map(([clientId, scope]) => `${clientId} ${scope}`),
        ...BAD_TOKEN_NAMES,
      ],
    },
  };
}

/** What a rejected request must leave unchanged, read back with the admin's token. */
async function fingerprint(
  target: FuzzTarget,
  admin: string,
  touches: FuzzRequest['touches'],
): Promise<string> {
  const parts: string[] = [];
  if (touches.dossierCode) {
    const read = await call(target, 'GET', `/v1/dossiers/${encodeURIComponent(touches.dossierCode)}`, {
      token: admin,
    });
    const d = read.json as { status?: string; version?: number } | undefined;
    parts.push(`dossier ${read.status} ${d?.status} v${d?.version}`);
  }
  if (touches.procedureCode) {
    const read = await call(target, 'GET', `/v1/procedures/${encodeURIComponent(touches.procedureCode)}`, {
      token: admin,
    });
    parts.push(`procedure ${read.status} ${read.text}`);
  }
  if (touches.submission) {
    const newest = await Promise.all(
      CENTERS.map(async (centerId) => {
        const page = await call(target, 'GET', `/v1/dossiers?centerId=${centerId}&limit=1`, { token: admin });
        return `${centerId}:${(page.json as { items?: { dossierCode: string }[] } | undefined)?.items?.[0]?.dossierCode}`;
      }),
    );
    parts.push(`newest ${newest.join(' ')}`);
  }
  return parts.join(' | ');
}

/** Routes that take no token (the API description, the public lookup): any token is ignored. */
const PUBLIC_ROUTES = new Set(ROUTES.filter((route) => route.auth === 'public').map(routeName));

const hasTouches = (touches: FuzzRequest['touches']) =>
  Boolean(touches.dossierCode || touches.procedureCode || touches.submission);

function defectOf(request: FuzzRequest, response: RawResponse): string | undefined {
  if (response.status >= 500) return `server error ${response.status}`;
  if (response.status < 200 || (response.status >= 300 && response.status < 400))
    return `unexpected status ${response.status}`;
  if (response.status >= 400) return problemDefect(response);
  if (request.token.startsWith('bad:') && !PUBLIC_ROUTES.has(request.route))
    return 'a bad token was accepted';
  return undefined;
}

export type FuzzOptions = {
  runs: number;
  seed: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (done: number, report: FuzzReport) => void;
  progressEvery?: number;
  /** Called with every request and its answer (the runner's --trace). */
  trace?: (index: number, request: FuzzRequest, response: RawResponse) => void;
};

export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const { context, tokens, admin } = await setUp(target);
  const requests = fc.sample(requestArbitrary(context), { seed: options.seed, numRuns: options.runs });
  const report: FuzzReport = {
    seed: options.seed,
    runs: options.runs,
    seconds: 0,
    byStatus: {},
    byRoute: {},
    fingerprinted: 0,
    failures: [],
  };
  const started = performance.now();
  for (const [index, request] of requests.entries()) {
    const token = tokens.get(request.token);
    const headers = { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const checked = hasTouches(request.touches);
    const before = checked ? await fingerprint(target, admin, request.touches) : '';
    const failure = (status: number, defect: string, detail?: string): FuzzFailure => ({
      index,
      route: request.route,
      method: request.method,
      path: request.path.slice(0, 200),
      token: request.token,
      status,
      defect,
      ...(detail === undefined ? {} : { detail: detail.slice(0, 300) }),
    });
    let response: RawResponse;
    try {
      response = await send(target.url, {
        method: request.method,
        path: request.path,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      report.failures.push(failure(0, `no answer: ${(error as Error).message}`));
      continue;
    }
    report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
    const route = report.byRoute[request.route] ?? {};
    report.byRoute[request.route] = route;
    route[response.status] = (route[response.status] ?? 0) + 1;

    options.trace?.(index, request, response);
    const defect = defectOf(request, response);
    if (defect) report.failures.push(failure(response.status, defect, response.text));
    if (checked && response.status >= 400 && response.status < 500) {
      report.fingerprinted++;
      const after = await fingerprint(target, admin, request.touches);
      if (after !== before) {
        report.failures.push(
          failure(response.status, `a rejected request changed state: ${before} → ${after}`.slice(0, 600)),
        );
      }
    }
    if (options.onProgress && (index + 1) % (options.progressEvery ?? 1000) === 0) {
      report.seconds = (performance.now() - started) / 1000;
      options.onProgress(index + 1, report);
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** The figures of a report as a few lines of text. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const lines = [
    `fuzz: seed ${report.seed}, ${report.runs} requests in ${report.seconds.toFixed(1)} s (${(report.runs / report.seconds).toFixed(0)}/s)`,
    `  by status   ${statuses}`,
    `  fingerprinted rejections ${report.fingerprinted}`,
    ...Object.entries(report.byRoute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([route, byStatus]) =>
          `  ${route.padEnd(42)} ${Object.entries(byStatus)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
      ),
    `  failures    ${report.failures.length}`,
    ...report.failures
      .slice(0, 30)
      .map(
        (f) =>
          `    #${f.index} ${f.method} ${f.path} [${f.token}] → ${f.status}: ${f.defect}${f.detail ? ` — ${f.detail}` : ''}`,
      ),
  ];
  return lines.join('\n');
}
