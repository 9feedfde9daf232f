/**
 * fast-check arbitraries for requests to every route of the topology: path parameters (known,
 * unknown, over-long, unicode, `..`, encoded slashes, broken percent-encoding), query strings
 * (known and unknown parameters, bad and foreign cursors), headers (content-type variants,
 * Idempotency-Key edge cases, odd values) and bodies (valid-ish requests mutated one field at a
 * time, invalid JSON, deep nesting, invalid UTF-8, lone surrogates, control characters, huge
 * strings), each with the token of a dev client of any profile or a bad token.
 */
import fc from 'fast-check';
import { ROUTES, type RouteSpec } from '#infra/topology.ts';
import { PROCEDURES } from '#shared/config/seed-catalog.ts';
import { ACTIONS } from '#shared/domain/lifecycle.ts';
import { BAD_TOKEN_KINDS } from './client.ts';

/** What the generators draw known values from; filled in by the fuzz run's set-up. */
export type FuzzContext = {
  /** Dossiers the run filed (any status by now). */
  dossierCodes: readonly string[];
  /** For each of dossierCodes, the clients that may act on it (its center's, agency's, unit's, portal). */
  actors: readonly (readonly string[])[];
  /** Token names: dev client ids, `<clientId> <scope>` for a one-scope token, `bad:<kind>`. */
  tokenNames: readonly string[];
  /** A catalog procedure, as the base of PUT bodies. */
  procedure: Record<string, unknown>;
  /** Cursors issued to someone, for some query: valid elsewhere, never where they are replayed. */
  cursors: readonly string[];
  /** The portal's verified uploads (ONLINE submissions attach them). */
  attachments: readonly string[];
};

export type FuzzRequest = {
  /** `METHOD template` of the route aimed at. */
  route: string;
  method: string;
  /** Raw path and query, as sent. */
  path: string;
  token: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** What a rejected request must have left as it was. */
  touches: { dossierCode?: string; procedureCode?: string; submission?: boolean };
};

export const routeName = (route: Pick<RouteSpec, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

const CENTERS = ['hong-gai', 'bai-chay', 'tien-yen', 'uong-bi'];
const SEED_PROCEDURES = ['1.001193', '1.004222', '2.001610', '1.000689', '1.013831', '1.008498'];
/** Procedure codes the fuzzer may create: the seed catalog stays as it was. */
const FUZZ_PROCEDURES = ['FUZZ.0001', 'FUZZ-0002'];
/** Calendar years far from any dossier's due date. */
const FUZZ_YEARS = ['2091', '2092', '2099'];

// ---------------------------------------------------------------------------------------------
// Strings

const HUGE = 300 * 1024;
/** Strings that must be refused (or stored harmlessly) wherever text goes. */
const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\uD800',
    'a\uDC00b',
    '\u0000',
    'bell\u0007',
    'line\nbreak',
    '\u202Eevil',
    'zero\u200Bwidth',
    'Nguye\u0302\u0303n',
    '\uFFFE',
    '🧾📄',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    ['$', '{jndi:ldap://127.0.0.1/x}'].join(''),
    '../../etc/passwd',
    '%00',
    'x'.repeat(3000),
  ),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc
    .oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 3_000, max: 70_000 }) },
    )
    .map((n) => 'y'.repeat(n)),
);

const wrongType = fc.constantFrom<unknown>(
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  [],
  {},
  [1, 'a'],
  { a: 1 },
  '',
  'x',
);

/** A URL path segment: raw as given (already encoded), or a string percent-encoded. */
const encoded = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    // a lone surrogate has no UTF-8 form: send the CESU-8 bytes instead
    return '%ED%A0%80';
  }
};

const oddSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%5C',
    '%00',
    '%',
    '%ZZ',
    '%E0%A4%A',
    '%ED%A0%80',
    '%FF',
    '%20',
    'x'.repeat(1500),
    encoded('Hồ sơ'),
    encoded('\u202E'),
    encoded('💥'),
  ),
  fc.string({ maxLength: 30, unit: 'binary' }).map(encoded),
);

// ---------------------------------------------------------------------------------------------
// Bodies

type Json = Record<string, unknown>;

function setPath(target: Json, path: readonly string[], value: unknown, remove = false): Json {
  const copy: Json = structuredClone(target);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return copy;
    node = (node as Json)[key];
  }
  const last = path.at(-1);
  if (last === undefined || node === null || typeof node !== 'object') return copy;
  if (remove) delete (node as Json)[last];
  else (node as Json)[last] = value;
  return copy;
}

/** The paths of every value of a JSON object (objects, arrays and leaves). */
function valuePaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => valuePaths(v, [...prefix, key]))].filter(
    (p) => p.length > 0,
  );
}

const MARKER = '\u0001MARKER\u0001';

/** Bytes of the body, with the marker string (if any) replaced by invalid UTF-8. */
function withInvalidBytes(json: string, bytes: readonly number[]): Buffer {
  const escapedMarker = JSON.stringify(MARKER).slice(1, -1);
  const [before = '', after = ''] = json.split(escapedMarker);
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
}

/** A valid-ish body, then one mutation: a field dropped, retyped, made nasty, or added; or no JSON at all. */
function mutatedBody(base: fc.Arbitrary<Json>): fc.Arbitrary<Buffer | string> {
  return base.chain((body) => {
    const paths = valuePaths(body);
    const anyPath = fc.constantFrom(...paths);
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(JSON.stringify(body)) },
      { weight: 2, arbitrary: anyPath.map((p) => JSON.stringify(setPath(body, p, undefined, true))) },
      {
        weight: 2,
        arbitrary: fc.tuple(anyPath, wrongType).map(([p, v]) => JSON.stringify(setPath(body, p, v))),
      },
      {
        weight: 3,
        arbitrary: fc.tuple(anyPath, nastyString).map(([p, v]) => JSON.stringify(setPath(body, p, v))),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('extra', '__proto__', 'constructor', 'routedTo', 'status', 'version'),
            wrongType,
          )
          .map(([k, v]) =>
            JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'},`),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            anyPath,
            fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]),
          )
          .map(([p, bytes]) => withInvalidBytes(JSON.stringify(setPath(body, p, MARKER)), bytes)),
      },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 50, max: 20_000 }).map((depth) => {
          const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
          return JSON.stringify(body).replace(/^\{/, `{"deep":${nested},`);
        }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '{',
          '{"a":',
          'null',
          '[]',
          '"text"',
          '1e309',
          '{"a":1,"a":2}',
          '\uFEFF{}',
          '{}',
          `{"summary":"${'z'.repeat(HUGE)}"}`,
          JSON.stringify(body).slice(0, -1),
        ),
      },
    );
  });
}

const applicant = fc.oneof(
  fc.constant({
    type: 'CITIZEN',
    idNumber: '022190000123',
    fullName: 'Nguyễn Văn An',
    address: 'Tổ 1, khu 2, phường Hồng Gai',
  }),
  fc.constant({
    type: 'ENTERPRISE',
    idNumber: '0100109106',
    fullName: 'Công ty TNHH Hạ Long',
    address: 'Số 5, đường Lê Thánh Tông',
    phone: '+84 203 3825',
    email: 'lienhe@halong.example',
  }),
);

/** A submission as `clientId` would make it: the portal ONLINE at any center, a center at its own. */
function submissionBy(clientId: string, attachments: readonly string[]): fc.Arbitrary<Json> {
  const center = clientId.startsWith('local-center-') ? clientId.slice('local-center-'.length) : undefined;
  return fc
    .record({
      procedureCode: fc.constantFrom(...SEED_PROCEDURES),
      centerId: center ? fc.constant(center) : fc.constantFrom(...CENTERS),
      channel: center ? fc.constantFrom('DIRECT', 'POSTAL') : fc.constant('ONLINE'),
      applicant,
      summary: fc.constantFrom('Đăng ký khai sinh cho con', 'Cấp bản sao trích lục'),
      resultDelivery: fc.constantFrom('COUNTER', 'POSTAL', 'ONLINE'),
    })
    .map((body) => {
      // Every document of the procedure: ONLINE ones with the portal's verified uploads (reused
      // across documents), paper ones at the counter without attachment. What its checks accept.
      const procedure = PROCEDURES.find((p) => p.code === body.procedureCode);
      const documents = (procedure?.documents ?? []).map((d, i) => ({
        documentCode: d.code,
        ...(body.channel === 'ONLINE' && attachments.length > 0
          ? { attachmentId: attachments[i % attachments.length] }
          : {}),
      }));
      return { ...body, documents };
    });
}

/** The clients that act on the dossiers the run files (their centers', agencies' and units'). */
const ACTORS = [
  'local-portal',
  'local-center-hong-gai',
  'local-center-bai-chay',
  'local-center-tien-yen',
  'local-agency-commune',
  'local-agency-commune-hong-gai-pc',
  'local-agency-police',
  'local-agency-provincial',
];

const SUBMITTERS = ['local-portal', ...CENTERS.map((c) => `local-center-${c}`)];

const actionBody = fc.record(
  {
    action: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...ACTIONS) },
      { weight: 1, arbitrary: fc.constantFrom('DELETE', 'start', '') },
    ),
    expectedVersion: fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1.5, 2 ** 53) },
    ),
    note: fc.constantFrom('Bổ sung giấy tờ', 'Hồ sơ không hợp lệ'),
    documents: fc.constant([{ documentCode: 'KQ01', name: 'Trích lục khai sinh' }]),
    fees: fc.constant([{ code: 'LP01', name: 'Lệ phí', amount: 8000 }]),
  },
  { requiredKeys: ['action'] },
);

const ACTION_NOTE = 'Ghi chú của cán bộ';
// Paper documents: an attachment would have to be a verified upload of the acting client.
const ACTION_DOCUMENTS = [{ documentCode: 'TP01', name: 'Giấy tờ' }];
const ACTION_FEES = [{ code: 'LP01', name: 'Lệ phí', amount: 8000 }];

/** An action the client's profile takes, with what it requires; terminal ones rarer. */
function actionOf(clientId: string): fc.Arbitrary<Json> {
  const a = (weight: number, action: string, extra: Json = {}) => ({
    weight,
    arbitrary: fc.constant<Json>({ action, ...extra }),
  });
  if (clientId.startsWith('local-agency-')) {
    return fc.oneof(
      a(3, 'START'),
      a(2, 'REQUEST_SUPPLEMENT', { note: ACTION_NOTE }),
      a(2, 'REQUEST_PAYMENT', { fees: ACTION_FEES }),
      a(2, 'RESOLVE', { documents: ACTION_DOCUMENTS }),
      a(1, 'STOP', { note: ACTION_NOTE }),
    );
  }
  const common = [
    a(2, 'SUPPLEMENT', { documents: ACTION_DOCUMENTS }),
    a(2, 'CONFIRM_PAYMENT'),
    a(1, 'WITHDRAW'),
  ];
  if (clientId === 'local-portal') return fc.oneof(...common);
  return fc.oneof(a(3, 'ACCEPT'), a(1, 'REFUSE', { note: ACTION_NOTE }), a(2, 'RETURN_RESULT'), ...common);
}

const calendarBody = fc.record({
  daysOff: fc.constantFrom(['2091-01-01'], ['2091-02-30'], [], ['not-a-date']),
  workingDays: fc.constantFrom([], ['2091-01-06']),
});

// ---------------------------------------------------------------------------------------------
// Headers, query strings, tokens

const contentType = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON;CHARSET="UTF-8"',
      'application/json; charset=latin1',
      'application/problem+json',
      'application/merge-patch+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
      'application/json; charset=',
      ';;;',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const idempotencyKey = fc.oneof(
  { weight: 5, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz-reused-key-0001', 'fuzz-reused-key-0002') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'short',
      'a'.repeat(129),
      'has space inside',
      'clé-àéîõü-12',
      'a,b,c,d,e,f,g',
      'x'.repeat(4000),
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'x-forwarded-for',
    'x-amzn-trace-id',
    'accept-language',
    'x-fuzz',
    'origin',
    'if-match',
  ),
  fc.oneof(
    fc.constantFrom('*/*', 'text/csv', 'application/xml', '127.0.0.1', 'vi-VN', 'ÿÿÿ', ''),
    fc.integer({ min: 1, max: 6000 }).map((n) => 'h'.repeat(n)),
  ),
  { maxKeys: 2 },
);

const queryValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '101', '1.5', '20', 'abc', 'null', '2026-02-30'),
  nastyString.map(encoded),
);

function queryString(
  known: Record<string, fc.Arbitrary<string>>,
  cursors: readonly string[],
): fc.Arbitrary<string> {
  const cursor = fc.oneof(
    cursors.length > 0 ? fc.constantFrom(...cursors) : fc.constant('e30'),
    fc.constantFrom('', 'not-base64!', 'e30', 'eyJwIjpbXX0', 'x'.repeat(4100), `${cursors[0] ?? 'e30'}x`),
  );
  const entries = fc
    .record(
      {
        ...Object.fromEntries(
          Object.entries(known).map(([name, arb]) => [
            name,
            fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: queryValue }),
          ]),
        ),
        cursor,
        unknown: fc.constantFrom('1', 'x'),
      },
      { requiredKeys: [] },
    )
    .map((params) => {
      // Cursors and unknown parameters are refused outright: only now and then, so that the
      // other parameters reach the worklist query too.
      const { cursor: c, unknown, ...rest } = params as Record<string, string>;
      return {
        ...rest,
        ...(c !== undefined && unknown === '1' ? { cursor: c } : {}),
        ...(unknown === 'x' && c === undefined ? { unknown } : {}),
      };
    });
  return fc.tuple(entries, fc.boolean()).map(([params, repeat]) => {
    // Values are encoded once; those already percent-encoded (nasty ones, with broken
    // sequences on purpose) go out as they are.
    const parts = Object.entries(params).map(
      ([name, value]) => `${name}=${encoded(String(value)).replaceAll('%25', '%')}`,
    );
    if (repeat && parts[0]) parts.push(parts[0]);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });
}

// ---------------------------------------------------------------------------------------------
// Requests per route

/** A route's request before its token and method; `token` where the route has a fitting one. */
type Draft = Omit<FuzzRequest, 'token' | 'route' | 'method'> & { token?: string };

const decoded = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** A code of the run's dossiers, or a well-formed code of none. */
const someDossierCode = (context: FuzzContext): fc.Arbitrary<string> =>
  fc.constantFrom(...context.dossierCodes, '000.21.01.H49-261126-9999');

/**
 * A public lookup's query: mostly a code and four digits (the run's applicants' and others), now
 * and then odd values, a missing or unknown parameter.
 */
const lookupQuery = (context: FuzzContext, code: string, digits: string): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(someDossierCode(context), fc.constantFrom('0123', '9999', '0000'))
        .map(([c, d]) => `?${code}=${encodeURIComponent(c)}&${digits}=${d}`),
    },
    {
      weight: 1,
      arbitrary: queryString(
        {
          [code]: fc.constantFrom('<b>x</b>', 'not-a-code', ''),
          [digits]: fc.constantFrom('12a4', '', '00000'),
        },
        [],
      ),
    },
  );

/** The run's uploads, well-formed ids of none, and odd segments. */
function attachmentSegment(context: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    ...(context.attachments.length > 0
      ? [{ weight: 4, arbitrary: fc.constantFrom(...context.attachments) }]
      : []),
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: oddSegment },
  );
}

const UPLOADERS = ['local-portal', 'local-center-hong-gai', 'local-agency-commune', 'local-admin'];

/** What a client declares before an upload. */
const declarationBody = fc.record({
  fileName: fc.constantFrom('to-khai.pdf', 'Giấy chứng sinh.jpg', 'ảnh.png'),
  contentType: fc.constantFrom('application/pdf', 'image/jpeg', 'image/png'),
  size: fc.oneof(fc.integer({ min: 1, max: 20 * 1024 * 1024 }), fc.constantFrom(0, 20 * 1024 * 1024 + 1, -1)),
  sha256: fc.oneof(
    fc.constant('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    fc.constantFrom('', 'xyz', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'),
  ),
});

function dossierSegment(context: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...context.dossierCodes) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 0, max: 9999 })
        .map((n) => `000.21.01.H49-261127-${String(n).padStart(4, '0')}`),
    },
    { weight: 2, arbitrary: oddSegment },
  );
}

const procedureSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEED_PROCEDURES, ...FUZZ_PROCEDURES) },
  { weight: 1, arbitrary: oddSegment },
);

const yearSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FUZZ_YEARS) },
  { weight: 1, arbitrary: fc.constantFrom('1999', '0000', '20991', '99', 'year', '2091.5') },
  { weight: 1, arbitrary: oddSegment },
);

function fittingAction(context: FuzzContext): fc.Arbitrary<Draft> {
  return fc.nat(context.dossierCodes.length - 1).chain((i) => {
    const code = context.dossierCodes[i] ?? '';
    return fc.constantFrom(...(context.actors[i] ?? ['local-admin'])).chain((token) =>
      actionOf(token).map(
        (body): Draft => ({
          path: `/v1/dossiers/${code}/actions`,
          token,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          touches: { dossierCode: code },
        }),
      ),
    );
  });
}

function generators(context: FuzzContext): Record<string, fc.Arbitrary<Draft>> {
  const none = fc.constant<Draft>({ path: '', headers: {}, touches: {} });
  const get = (path: string, query: fc.Arbitrary<string> = fc.constant('')) =>
    query.map((q): Draft => ({ path: `${path}${q}`, headers: {}, touches: {} }));
  const listDossierQuery = queryString(
    {
      centerId: fc.constantFrom(...CENTERS),
      agencyId: fc.constantFrom('commune', 'police', 'post', 'tax'),
      status: fc.constantFrom('RECEIVED', 'IN_PROGRESS', 'SUBMITTED', 'RESOLVED'),
      receivedFrom: fc.constantFrom('2026-01-01', '2026-11-27T00:00:00Z', '2026-11-27T00:00:00+07:00'),
      receivedTo: fc.constantFrom('2026-12-31', '2026-11-27T23:59:59+07:00', '2030-01-01'),
      limit: fc.constantFrom('1', '5', '100'),
    },
    context.cursors,
  );
  const procedureQuery = queryString(
    {
      level: fc.constantFrom('PROVINCIAL', 'COMMUNE', 'commune'),
      agencyId: fc.constantFrom('commune', 'police', 'NOPE'),
      q: fc.constantFrom('khai sinh', 'đất', ''),
      limit: fc.constantFrom('1', '10', '100'),
    },
    context.cursors,
  );
  const withBody = (
    segmentArb: fc.Arbitrary<string>,
    path: (segment: string) => string,
    body: fc.Arbitrary<Buffer | string>,
    touches: (segment: string) => FuzzRequest['touches'],
  ) =>
    fc.tuple(segmentArb, body, contentType, extraHeaders).map(
      ([segment, b, type, extra]): Draft => ({
        path: path(segment),
        headers: { ...extra, ...(type === undefined ? {} : { 'content-type': type }) },
        body: b,
        touches: touches(segment),
      }),
    );
  const procedureBody = fc
    .constantFrom(...FUZZ_PROCEDURES, ...SEED_PROCEDURES)
    .map((code) => ({ ...context.procedure, code }));
  const knownDossier = (segment: string) => {
    const code = decoded(segment);
    return code !== undefined && context.dossierCodes.includes(code) ? { dossierCode: code } : {};
  };
  const knownProcedure = (segment: string) => {
    const code = decoded(segment);
    return code !== undefined && /^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/.test(code) ? { procedureCode: code } : {};
  };
  return {
    'GET /v1/centers': get('/v1/centers'),
    'GET /v1/units': get('/v1/units'),
    'GET /v1/agencies': get('/v1/agencies'),
    'GET /v1/procedures': get('/v1/procedures', procedureQuery),
    'GET /v1/procedures/{code}': procedureSegment.map((s) => ({
      path: `/v1/procedures/${s}`,
      headers: {},
      touches: {},
    })),
    'POST /v1/dossiers': fc.constantFrom(...SUBMITTERS).chain((clientId) =>
      fc
        .tuple(
          mutatedBody(submissionBy(clientId, context.attachments)),
          contentType,
          idempotencyKey,
          extraHeaders,
        )
        .map(
          ([body, type, key, extra]): Draft => ({
            path: '/v1/dossiers',
            token: clientId,
            headers: {
              ...extra,
              ...(type === undefined ? {} : { 'content-type': type }),
              ...(key === undefined ? {} : { 'idempotency-key': key }),
            },
            body,
            touches: { submission: true },
          }),
        ),
    ),
    'GET /v1/dossiers': get('/v1/dossiers', listDossierQuery),
    'GET /v1/dossiers/{dossierCode}': dossierSegment(context).map((s) => ({
      path: `/v1/dossiers/${s}`,
      headers: {},
      touches: {},
    })),
    'POST /v1/dossiers/{dossierCode}/actions': fc.oneof(
      withBody(
        dossierSegment(context),
        (s) => `/v1/dossiers/${s}/actions`,
        mutatedBody(actionBody),
        knownDossier,
      ).chain((d) => fc.constantFrom(...ACTORS).map((token) => ({ ...d, token }))),
      // Half of the runs: a dossier, a client that may act on it and an action of its profile, so
      // that dossiers move through their statuses and later requests meet them there.
      fittingAction(context),
    ),
    'PUT /v1/procedures/{code}': withBody(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...FUZZ_PROCEDURES) },
        { weight: 1, arbitrary: oddSegment },
      ),
      (s) => `/v1/procedures/${s}`,
      mutatedBody(procedureBody),
      knownProcedure,
    ).map((d) => ({ ...d, token: 'local-admin' })),
    'PUT /v1/calendar/{year}': withBody(
      yearSegment,
      (s) => `/v1/calendar/${s}`,
      mutatedBody(calendarBody),
      () => ({}),
    ).map((d) => ({ ...d, token: 'local-admin' })),
    'GET /v1/openapi.json': none.map((d) => ({ ...d, path: '/v1/openapi.json' })),
    'GET /v1/calendar/{year}': yearSegment.map((s) => ({
      path: `/v1/calendar/${s}`,
      headers: {},
      touches: {},
    })),
    'POST /v1/admin/procedures/import': withBody(
      fc.constant(''),
      () => '/v1/admin/procedures/import',
      mutatedBody(
        fc.record({
          // Only the fuzz's own codes: an import never replaces a seed procedure other requests file under.
          procedures: fc.array(
            fc.constantFrom(...FUZZ_PROCEDURES).map((code) => ({ ...context.procedure, code })),
            { minLength: 0, maxLength: 3 },
          ),
          dryRun: fc.boolean(),
        }),
      ),
      () => ({}),
    ).map((d) => ({ ...d, token: 'local-admin' })),
    'POST /v1/attachments': withBody(
      fc.constant(''),
      () => '/v1/attachments',
      mutatedBody(declarationBody),
      () => ({}),
    ).chain((d) => fc.constantFrom(...UPLOADERS).map((token) => ({ ...d, token }))),
    'GET /v1/attachments/{attachmentId}': attachmentSegment(context).map((s) => ({
      path: `/v1/attachments/${s}`,
      headers: {},
      touches: {},
    })),
    'GET /v1/attachments/{attachmentId}/download': attachmentSegment(context).map((s) => ({
      path: `/v1/attachments/${s}/download`,
      headers: {},
      touches: {},
    })),
    'GET /v1/reports/monthly': get('/v1/reports/monthly', reportQuery(true)).map((d) => ({
      ...d,
      token: 'local-center-hong-gai',
    })),
    'GET /v1/reports/indicators': get('/v1/reports/indicators', reportQuery(false)).map((d) => ({
      ...d,
      token: 'local-admin',
    })),
    'POST /v1/admin/dossiers:import': fc
      .integer({ min: 1, max: 40 })
      .chain((n) => {
        const code = `FUZZ.IMPORT-250715-${String(n).padStart(4, '0')}`;
        return withBody(
          fc.constant(code),
          () => '/v1/admin/dossiers:import',
          mutatedBody(fc.constant(importBody(code))),
          (c) => ({ dossierCode: c }),
        );
      })
      .map((d) => ({ ...d, token: 'local-admin' })),
    'GET /v1/dossiers/{dossierCode}/receipt': dossierSegment(context).map((s) => ({
      path: `/v1/dossiers/${s}/receipt`,
      headers: {},
      touches: {},
    })),
    'POST /v1/dossiers/{dossierCode}/rating': withBody(
      dossierSegment(context),
      (s) => `/v1/dossiers/${s}/rating`,
      mutatedBody(
        fc.record({ score: fc.integer({ min: 0, max: 6 }), comment: fc.constantFrom('Hài lòng', '') }),
      ),
      knownDossier,
    ).chain((d) => fc.constantFrom(...ACTORS).map((token) => ({ ...d, token }))),
    'GET /v1/lookup': get('/v1/lookup', lookupQuery(context, 'dossierCode', 'idLast4')),
    'GET /tra-cuu': get('/tra-cuu', lookupQuery(context, 'ma', 'so')),
    // Opening a payment adds a payment, never changes the dossier itself.
    'POST /v1/dossiers/{dossierCode}/payments': dossierSegment(context)
      .map((s): Draft => ({ path: `/v1/dossiers/${s}/payments`, headers: {}, touches: knownDossier(s) }))
      .chain((d) => fc.constantFrom(...ACTORS).map((token) => ({ ...d, token }))),
    'GET /v1/dossiers/{dossierCode}/payments': dossierSegment(context).map((s) => ({
      path: `/v1/dossiers/${s}/payments`,
      headers: {},
      touches: {},
    })),
    'GET /v1/dossiers/{dossierCode}/notifications': dossierSegment(context).map((s) => ({
      path: `/v1/dossiers/${s}/notifications`,
      headers: {},
      touches: {},
    })),
    // The fuzz cannot sign (the runtime's gateway secret is its own): every callback is refused.
    'POST /v1/payments/callback': withBody(
      fc.constant(''),
      () => '/v1/payments/callback',
      mutatedBody(
        fc.record({
          paymentId: fc
            .constantFrom(...context.dossierCodes)
            .chain((code) => fc.stringMatching(/^[a-z0-9]{12}$/).map((suffix) => `${code}.${suffix}`)),
          amount: fc.nat(10_000_000),
          status: fc.constantFrom('PAID', 'FAILED'),
          transactionRef: fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
          paidAt: fc.constant('2026-01-01T08:00:00+07:00'),
          secureHash: fc.stringMatching(/^[0-9a-f]{128}$/),
        }),
      ),
      () => ({}),
    ),
  };
}

/** Queries of the report routes: centers, months and formats, good and bad. */
function reportQuery(withFormat: boolean): fc.Arbitrary<string> {
  return queryString(
    {
      centerId: fc.constantFrom(...CENTERS, 'nope', 'HONG GAI'),
      month: fc.constantFrom('2025-07', '2026-11', '2025-13', '2025-7', 'x'),
      ...(withFormat ? { format: fc.constantFrom('json', 'csv', 'xlsx', 'pdf') } : {}),
    },
    [],
  );
}

/** A legacy dossier row as the import route takes it (docs/domain.md "Bulk data"). */
function importBody(code: string): Json {
  return {
    rows: [
      {
        MaHoSo: code,
        MaTTHC: '1.001193',
        MaTrungTam: 'hong-gai',
        MaDonViXuLy: 'hong-gai-pc',
        KenhThucHien: 1,
        LoaiDoiTuong: 1,
        ChuHoSo: 'Nguyễn Văn Thử',
        SoGiayToChuHoSo: '022190000123',
        DiaChiChuHoSo: 'Tổ 1, khu 2, phường Hồng Gai',
        TrangThaiHoSo: 10,
        NgayNopHoSo: '20250715080000',
        NgayTiepNhan: '20250715080000',
        NgayHenTra: '20250716170000',
        NgayKetThucXuLy: '20250716100000',
        NgayTra: '20250716150000',
        SoLanBoSung: 0,
        DaThanhToanTrucTuyen: 0,
      },
    ],
  };
}

/** Every route of the topology, with its generator: a route without one fails here. */
export function requestArbitrary(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const byRoute = generators(context);
  const perRoute = ROUTES.map((route) => {
    const name = routeName(route);
    const draft = byRoute[name];
    if (!draft) throw new Error(`no fuzz generator for the route ${name}`);
    // Writes and their parameters are where the bugs hide: they get more of the runs.
    const weight =
      route.method === 'GET' && !route.path.includes('{') && route.path !== '/v1/dossiers' ? 1 : 4;
    return {
      weight,
      arbitrary: fc
        .tuple(draft, fc.constantFrom(...context.tokenNames), fc.nat(99), fc.nat(99))
        .map(([d, anyToken, dice, tokenDice]): FuzzRequest => {
          // The fitting client most of the time (to get past the checks), any token else.
          const token = d.token !== undefined && tokenDice < 70 ? d.token : anyToken;
          // Now and then, a method the route does not have.
          const method =
            dice < 3
              ? (['DELETE', 'PATCH', 'PUT', 'POST'].find((m) => m !== route.method) ?? 'DELETE')
              : route.method;
          return {
            route: name,
            method,
            token,
            path: d.path,
            headers: d.headers,
            touches: d.touches,
            ...(d.body === undefined ? {} : { body: d.body }),
          };
        }),
    };
  });
  return fc.oneof(...perRoute);
}

export const BAD_TOKEN_NAMES = BAD_TOKEN_KINDS.map((kind) => `bad:${kind}`);
