/**
 * What the OpenAPI document says besides the schemas (shared/contract/openapi.ts): tags, who may
 * call each operation and what it changes, request and response examples, and the response
 * headers the handlers and the shared HTTP runtime really send.
 */
import type {
  ZodOpenApiContentObject,
  ZodOpenApiHeaderObject,
  ZodOpenApiOperationObject,
  ZodOpenApiResponseObject,
} from 'zod-openapi';
import type { FunctionId, RouteSpec } from '#infra/topology.ts';
import { publicView } from '#shared/domain/lookup.ts';
import { actionsTable } from './actions-table.ts';
import {
  AGENCY_EXAMPLE,
  ATTACHMENT_EXAMPLE,
  ATTACHMENT_REQUEST,
  CENTER_EXAMPLE,
  dossierExamples,
  PAYMENT_EXAMPLE,
  PROBLEM_EXAMPLES,
  PROCEDURE_EXAMPLE,
  problemExample,
  SAMPLE_CODE,
  SAMPLE_HISTORY,
  SAMPLE_RESOLVED,
  SUBMIT_REQUEST,
  UNIT_EXAMPLE,
} from './openapi-examples.ts';

export const TAGS = [
  { name: 'Dossiers', description: 'Filing a dossier ("hồ sơ") and reading it with its history.' },
  {
    name: 'Actions',
    description: 'Moving a dossier through its statuses 1–10: the actions table of the lifecycle.',
  },
  {
    name: 'Worklists',
    description:
      'Lists of dossiers per caller: a center its own, an agency system those routed to it, the portal those it filed.',
  },
  {
    name: 'Catalog',
    description:
      'Reference data of the province: Public Administration Service Centers, deciding units, agency systems and the procedure catalog.',
  },
  { name: 'Calendar', description: 'The working-day calendar that due dates are counted on.' },
  {
    name: 'Attachments',
    description:
      'Uploading documents (PDF, JPEG, PNG) before they are attached to a dossier, and reading them.',
  },
  {
    name: 'Reports',
    description: 'Monthly reports and the Decision 766 service-quality indicators, per center or province.',
  },
  {
    name: 'Administration',
    description: 'Writing the catalog and the calendar, and importing legacy dossiers (admin profile).',
  },
  {
    name: 'Citizen services',
    description: 'The receipt, the public lookup by code and the satisfaction rating.',
  },
  { name: 'Payments', description: 'Online payment of the fees a dossier owes, and the gateway’s callback.' },
  { name: 'Notifications', description: 'What the applicant was told about a dossier by email or SMS.' },
  { name: 'Meta', description: 'This document.' },
  {
    name: 'Outgoing calls',
    description:
      'What motcua POSTs to other systems: the national portal (DVCQG) sync and the agency systems’ webhooks, signed with HMAC-SHA256.',
  },
] as const;
type Tag = (typeof TAGS)[number]['name'];

/** Response headers, as the handlers and shared/runtime set them (names case-insensitive). */
type HeaderName = 'Location' | 'IdempotentReplayed' | 'RetryAfter' | 'WwwAuthenticate' | 'CacheControl';
export const RESPONSE_HEADERS: Record<HeaderName, ZodOpenApiHeaderObject> = {
  Location: {
    description: 'The path of what was created',
    schema: { type: 'string' as const, example: `/v1/dossiers/${SAMPLE_CODE}` },
  },
  IdempotentReplayed: {
    description:
      'Present, `true`, when this answer is the stored answer to an earlier request with the same key',
    schema: { type: 'string' as const, enum: ['true'] as string[] },
  },
  RetryAfter: {
    description:
      'Seconds to wait before retrying, sent with the per-client (or per-address) limit’s 429; the gateway’s own stage throttle answers 429 without it',
    schema: { type: 'string' as const, pattern: '^\\d+$', example: '4' },
  },
  WwwAuthenticate: {
    description:
      'RFC 6750 Bearer challenge; on 403 `error="insufficient_scope"` and the scopes the route takes',
    schema: {
      type: 'string' as const,
      example: 'Bearer realm="motcua", error="insufficient_scope", scope="motcua/dossiers.process"',
    },
  },
  CacheControl: {
    description: 'The answer holds personal or short-lived data: no cache may keep it',
    schema: { type: 'string' as const, example: 'no-store' },
  },
};
const HEADER_NAMES: Record<HeaderName, string> = {
  Location: 'Location',
  IdempotentReplayed: 'Idempotent-Replayed',
  RetryAfter: 'Retry-After',
  WwwAuthenticate: 'WWW-Authenticate',
  CacheControl: 'Cache-Control',
};
const headers = (...names: HeaderName[]) =>
  Object.fromEntries(names.map((name) => [HEADER_NAMES[name], { $ref: `#/components/headers/${name}` }]));

type Example = { summary: string; value: unknown };
type OperationDocs = {
  tags: Tag[];
  /** Who may call it: client profiles, and what each sees or may do. */
  who: string;
  /** What it changes (omitted: nothing, it only reads). */
  changes?: string;
  request?: Record<string, Example>;
  /** Examples by status (the problems' too), and headers sent on that status. */
  responses?: Record<string, Record<string, Example>>;
  headers?: Record<string, HeaderName[]>;
};

const one = (summary: string, value: unknown) => ({ example: { summary, value } });
const problem = (summary: string, value: unknown) => ({ problem: { summary, value } });
const badField = (path: string, message: string, detail = 'The body does not match the schema') =>
  problem(
    `${path} is invalid`,
    problemExample(400, 'validation', 'Bad Request', detail, { errors: [{ path, message }] }),
  );
const notFound = (path: string, detail: string) =>
  problem(
    'Nothing to see under this identifier',
    problemExample(404, 'not-found', 'Not Found', detail, { errors: [{ path, message: 'not found' }] }),
  );
const dossier404 = notFound('dossierCode', 'No dossier has this code');
const { transactionRef: _ref, paidAt: _paid, ...unpaid } = PAYMENT_EXAMPLE;
const OPENED_PAYMENT = {
  ...unpaid,
  status: 'PENDING',
  payUrl: `https://pay.example.gov.vn/pay?paymentId=${PAYMENT_EXAMPLE.paymentId}&amount=8000&signature=5e1c`,
};

function docs(): Partial<Record<FunctionId, OperationDocs>> {
  const dossiers = dossierExamples();
  const resolvedView = publicView(SAMPLE_RESOLVED, SAMPLE_HISTORY);
  const listing = {
    items: [dossiers.summary],
    nextCursor: 'eyJrIjoiMDAwLjIxLjAxLkg0OS0yNjExMjQtMDAwNyJ9.c2ln',
  };
  return {
    listCenters: {
      tags: ['Catalog'],
      who: 'Any client with a valid token (portal, center, agency, admin).',
      responses: { '200': one('The Hong Gai ward center', { items: [CENTER_EXAMPLE] }) },
    },
    listUnits: {
      tags: ['Catalog'],
      who: 'Any client with a valid token.',
      responses: { '200': one('A ward People’s Committee', { items: [UNIT_EXAMPLE] }) },
    },
    listAgencies: {
      tags: ['Catalog'],
      who: 'Any client with a valid token.',
      responses: { '200': one('The land registry', { items: [AGENCY_EXAMPLE] }) },
    },
    listProcedures: {
      tags: ['Catalog'],
      who: 'Any client with a valid token.',
      responses: {
        '200': one('Commune procedures matching "khai sinh"', { items: [PROCEDURE_EXAMPLE] }),
        '400': badField('limit', 'Too big: expected number to be <=200', 'The query parameters are invalid'),
      },
    },
    getProcedure: {
      tags: ['Catalog'],
      who: 'Any client with a valid token.',
      responses: {
        '200': one('Birth registration', PROCEDURE_EXAMPLE),
        '400': badField('code', 'a procedure code: up to 40 letters, digits, dots and dashes'),
        '404': notFound('code', 'No procedure 1.999999'),
      },
    },
    submitDossier: {
      tags: ['Dossiers'],
      who: 'The portal files ONLINE dossiers (every document an uploaded, VERIFIED attachment); a center files DIRECT and POSTAL dossiers at its own center. Agency and admin clients may not file.',
      changes:
        'Stores a new dossier numbered `{unitCode}-{yyMMdd}-{NNNN}` by the receiving unit and local day; a DIRECT or POSTAL one is routed to its agency system at once.',
      request: {
        counter: { summary: 'A birth registration at the Hong Gai counter', value: SUBMIT_REQUEST },
      },
      responses: {
        '201': one('RECEIVED, due one working day after receipt', dossiers.submitted),
        '400': badField('applicant.idNumber', 'A citizen ID number (CCCD) has 12 digits'),
        '422': problem(
          'The key already filed another body',
          problemExample(
            422,
            'idempotency-key-reused',
            'Unprocessable Content',
            'This Idempotency-Key was used with a different request body',
            { errors: [{ path: 'Idempotency-Key', message: 'used with a different body' }] },
          ),
        ),
      },
      headers: { '201': ['Location', 'IdempotentReplayed'] },
    },
    listDossiers: {
      tags: ['Worklists'],
      who: 'A center lists its own center’s dossiers, an agency system those routed to it (a unit-bound agency client only its unit’s), the portal those it filed; the admin names a `centerId` or an `agencyId`.',
      responses: {
        '200': one('The commune agency’s worklist', listing),
        '400': badField('cursor', 'not a cursor of this client and query', 'Invalid cursor'),
      },
    },
    getDossier: {
      tags: ['Dossiers'],
      who: 'Whoever may see the dossier: its center, the agency systems it was routed to, the client that filed it, the admin. Anyone else gets 404.',
      responses: { '200': one('A resolved birth registration', dossiers.resolved), '404': dossier404 },
    },
    actOnDossier: {
      tags: ['Actions'],
      who: 'The profile the table names, on a dossier it may see; an agency system only on dossiers it decides (a unit-bound client only its unit’s).',
      changes:
        'The status, as the table says; `version` rises by one and one history entry is added. Every change is synced to the national portal and told to the applicant.',
      request: {
        resolve: {
          summary: 'The ward People’s Committee returns the birth certificate',
          value: {
            action: 'RESOLVE',
            expectedVersion: 3,
            documents: [
              {
                documentCode: 'KQ01',
                name: 'Giấy khai sinh (bản chính)',
                attachmentId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
              },
            ],
            officer: {
              name: 'Trần Thị Bình',
              title: 'Công chức Tư pháp - Hộ tịch',
              department: 'Tư pháp - Hộ tịch',
            },
          },
        },
        requestSupplement: {
          summary: 'Ask for a missing birth certificate from the hospital',
          value: {
            action: 'REQUEST_SUPPLEMENT',
            note: 'Bổ sung Giấy chứng sinh do cơ sở y tế cấp (bản chính)',
          },
        },
      },
      responses: {
        '200': one('RESOLVED, version 4', dossiers.resolved),
        '400': badField('note', 'required', 'REQUEST_SUPPLEMENT needs a note'),
        '404': dossier404,
        '409': problem('Not allowed in the current status', PROBLEM_EXAMPLES.conflict),
      },
    },
    putProcedure: {
      tags: ['Administration', 'Catalog'],
      who: 'The admin profile (scope `motcua/catalog.admin`).',
      changes: 'Creates or replaces the procedure; dossiers filed before keep their own processing time.',
      request: { birth: { summary: 'Birth registration', value: PROCEDURE_EXAMPLE } },
      responses: {
        '200': one('Replaced', PROCEDURE_EXAMPLE),
        '201': one('Created', PROCEDURE_EXAMPLE),
        '400': badField('code', 'must be 1.001193', 'The body names another procedure than the path'),
      },
    },
    putCalendar: {
      tags: ['Administration', 'Calendar'],
      who: 'The admin profile (scope `motcua/catalog.admin`).',
      changes:
        'Stores the year; recomputes the due dates of open dossiers that were provisional in that year.',
      request: {
        y2027: {
          summary: 'Tết 2027 and a make-up Saturday',
          value: {
            daysOff: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
            workingDays: ['2027-01-30'],
          },
        },
      },
      responses: {
        '200': one('Stored; two provisional due dates recomputed', {
          year: 2027,
          daysOff: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
          workingDays: ['2027-01-30'],
          recomputedDossiers: 2,
        }),
        '400': badField('daysOff.0', 'Invalid ISO date'),
      },
    },
    getCalendar: {
      tags: ['Calendar'],
      who: 'Any client with a valid token.',
      responses: {
        '200': one('A year not announced yet', {
          year: 2028,
          daysOff: [
            '2028-01-01',
            '2028-04-30',
            '2028-05-01',
            '2028-05-02',
            '2028-09-01',
            '2028-09-02',
            '2028-09-04',
          ],
          workingDays: [],
          source: 'STATUTORY_ONLY',
        }),
        '400': badField('year', 'a year of four digits', 'The path parameter year is invalid'),
      },
    },
    importProcedures: {
      tags: ['Administration', 'Catalog'],
      who: 'The admin profile (scope `motcua/catalog.admin`); `npm run catalog:import` calls it.',
      changes: 'Writes the rows that differ from the catalog, all or none; nothing with `dryRun`.',
      request: {
        one: {
          summary: 'One procedure, checked only',
          value: { procedures: [PROCEDURE_EXAMPLE], dryRun: true },
        },
      },
      responses: {
        '200': one('Would replace one', { created: 0, replaced: 1, unchanged: 0, dryRun: true }),
        '422': problem(
          'A row is invalid: nothing written',
          problemExample(
            422,
            'business-rule',
            'Unprocessable Content',
            '1 of 1 rows are not valid procedures; nothing was written',
            {
              errors: [{ path: 'procedures.0.agencyId', message: 'no such agency system' }],
            },
          ),
        ),
      },
    },
    createAttachment: {
      tags: ['Attachments'],
      who: 'The portal and centers (to file or supplement) and agency systems (result files).',
      changes: 'Records a PENDING attachment; the upload is then checked and becomes VERIFIED or REJECTED.',
      request: {
        declaration: { summary: 'The birth registration form as a PDF', value: ATTACHMENT_REQUEST },
      },
      responses: {
        '201': one('Upload within 15 minutes', {
          ...ATTACHMENT_EXAMPLE,
          status: 'PENDING',
          upload: {
            url: 'https://motcua-documents.s3.ap-southeast-1.amazonaws.com/',
            fields: { key: `pending/${ATTACHMENT_EXAMPLE.attachmentId}`, 'Content-Type': 'application/pdf' },
          },
          expiresAt: '2026-11-24T08:25:00+07:00',
        }),
        '400': badField('sha256', '64 hexadecimal digits'),
      },
      headers: { '201': ['Location'] },
    },
    getAttachment: {
      tags: ['Attachments'],
      who: 'Its uploader, and clients that may read a dossier referencing it; anyone else gets 404.',
      responses: {
        '200': one('Checked and verified', ATTACHMENT_EXAMPLE),
        '404': notFound('attachmentId', 'No attachment has this id'),
      },
    },
    downloadAttachment: {
      tags: ['Attachments'],
      who: 'Its uploader, and clients that may read a dossier referencing it (scope `motcua/dossiers.read`).',
      responses: {
        '200': one('A link valid 5 minutes', {
          url: `https://motcua-documents.s3.ap-southeast-1.amazonaws.com/verified/${ATTACHMENT_EXAMPLE.attachmentId}?X-Amz-Expires=300`,
          expiresAt: '2026-11-24T09:05:00+07:00',
        }),
        '404': notFound('attachmentId', 'No verified attachment has this id'),
      },
      headers: { '200': ['CacheControl'] },
    },
    getMonthlyReport: {
      tags: ['Reports'],
      who: 'A center its own center (scope `motcua/reports.read`); the admin any center, or the province without `centerId`.',
      responses: {
        '200': one('Hong Gai, November 2026', {
          centerId: 'hong-gai',
          month: '2026-11',
          received: {
            total: 412,
            ownAuthority: 301,
            boundaryFree: 0,
            centerHandled: 301,
            vertical: 111,
            byAgency: { commune: 301, police: 74, 'land-registry': 37 },
          },
          online: { count: 268, base: 390, rate: 0.687 },
          byChannel: { ONLINE: 268, DIRECT: 139, POSTAL: 5 },
          timeliness: { finished: 371, early: 122, onTime: 244, late: 5, inProgress: 41, overdue: 2 },
        }),
        '400': badField('month', 'a month as yyyy-MM', 'The query parameters are invalid'),
      },
    },
    getIndicators: {
      tags: ['Reports'],
      who: 'A center its own center (scope `motcua/reports.read`); the admin any center, or the province.',
      responses: {
        '200': one('Indicator 2.1 of Hong Gai, November 2026', {
          centerId: 'hong-gai',
          month: '2026-11',
          indicators: [
            {
              id: '2.1',
              name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
              group: 'Tiến độ giải quyết',
              numerator: 366,
              denominator: 371,
              rate: 0.987,
              score: 19.7,
              maxScore: 20,
            },
          ],
          groups: [{ group: 'Tiến độ giải quyết', score: 19.7, maxScore: 20 }],
          total: { score: 19.7, maxScore: 20 },
        }),
        '400': badField('month', 'a month as yyyy-MM', 'The query parameters are invalid'),
      },
    },
    importDossiers: {
      tags: ['Administration'],
      who: 'The admin profile (scope `motcua/catalog.admin`); `npm run dossiers:import` calls it.',
      changes:
        'Writes the rows as legacy dossiers (never routed, never synced); a code already stored is left as it is.',
      request: {
        row: {
          summary: 'One returned birth registration of 2024',
          value: {
            rows: [
              {
                MaHoSo: '000.21.01.H49-240305-0042',
                MaTTHC: '1.001193',
                MaTrungTam: 'hong-gai',
                MaDonViXuLy: 'hong-gai-pc',
                KenhThucHien: 1,
                LoaiDoiTuong: 1,
                ChuHoSo: 'Phạm Thị Hoa',
                SoGiayToChuHoSo: '022195001234',
                DiaChiChuHoSo: 'Tổ 5, khu 3, phường Hồng Gai',
                TrangThaiHoSo: 10,
                NgayNopHoSo: '20240305081500',
                NgayTiepNhan: '20240305081500',
                NgayHenTra: '20240306081500',
                NgayKetThucXuLy: '20240305150000',
                NgayTra: '20240306090000',
              },
            ],
          },
        },
      },
      responses: {
        '200': one('Imported', { imported: 1, unchanged: 0, skipped: [] }),
        '422': problem(
          'A row is invalid: nothing written',
          problemExample(
            422,
            'business-rule',
            'Unprocessable Content',
            '1 of 1 rows are invalid; nothing was imported',
            {
              errors: [{ path: 'rows.0.NgayNopHoSo', message: 'yyyyMMddHHmmss' }],
            },
          ),
        ),
      },
    },
    getOpenApi: {
      tags: ['Meta'],
      who: 'Anyone: no token.',
    },
    getReceipt: {
      tags: ['Citizen services'],
      who: 'Whoever may see the dossier (scope `motcua/dossiers.read`).',
      responses: { '404': dossier404 },
      headers: { '200': ['CacheControl'] },
    },
    rateDossier: {
      tags: ['Citizen services'],
      who: 'The portal (for its own filings) and the dossier’s center, on the citizen’s behalf.',
      changes: 'Stores the rating on the dossier, once.',
      request: {
        good: {
          summary: 'Satisfied',
          value: { score: 5, comment: 'Cán bộ hướng dẫn tận tình, trả kết quả sớm.' },
        },
      },
      responses: {
        '201': one('Stored', {
          score: 5,
          comment: 'Cán bộ hướng dẫn tận tình, trả kết quả sớm.',
          ratedAt: '2026-11-25T09:20:00+07:00',
        }),
        '400': badField('score', 'Invalid input'),
        '404': dossier404,
        '409': problem(
          'Already rated',
          problemExample(409, 'conflict', 'Conflict', 'This dossier has already been rated'),
        ),
      },
    },
    lookupDossier: {
      tags: ['Citizen services'],
      who: 'Anyone: no token; limited per client IP.',
      responses: {
        '200': one('A resolved birth registration', resolvedView),
        '400': badField(
          'idLast4',
          'the last 4 digits of the applicant’s ID number',
          'The query parameters are invalid',
        ),
        '404': notFound('dossierCode', 'No dossier matches this code and these digits'),
      },
      headers: { '200': ['CacheControl'] },
    },
    lookupPage: {
      tags: ['Citizen services'],
      who: 'Anyone, in a browser: no token; limited per client IP.',
      headers: { '200': ['CacheControl'], '404': ['CacheControl'] },
    },
    createPayment: {
      tags: ['Payments'],
      who: 'The portal (its own filings) and the dossier’s center (scope `motcua/dossiers.process`).',
      changes: 'Opens a PENDING payment of the requested fees, valid 15 minutes.',
      responses: {
        '201': one('Pay at payUrl', OPENED_PAYMENT),
        '200': one('The payment already open for this fee request', OPENED_PAYMENT),
        '404': dossier404,
        '409': problem(
          'No fees requested',
          problemExample(
            409,
            'conflict',
            'Conflict',
            `Dossier ${SAMPLE_CODE} is IN_PROGRESS: no payment is requested`,
            {
              currentStatus: 'IN_PROGRESS',
              version: 3,
            },
          ),
        ),
      },
    },
    listPayments: {
      tags: ['Payments'],
      who: 'Whoever may see the dossier (scope `motcua/dossiers.read`).',
      responses: { '200': one('Paid online', { items: [PAYMENT_EXAMPLE] }), '404': dossier404 },
    },
    paymentCallback: {
      tags: ['Payments'],
      who: 'The payment gateway: no token, the body is signed (`secureHash`).',
      changes: 'Records the payment’s outcome; a valid PAID callback confirms the dossier’s payment once.',
      request: {
        paid: {
          summary: 'Paid',
          value: {
            paymentId: PAYMENT_EXAMPLE.paymentId,
            amount: 8000,
            status: 'PAID',
            transactionRef: 'VNP14623118',
            paidAt: '2026-11-25T10:04:31+07:00',
            secureHash: 'a'.repeat(128),
          },
        },
      },
      responses: {
        '200': one('CONFIRM_PAYMENT performed', {
          paymentId: PAYMENT_EXAMPLE.paymentId,
          status: 'PAID',
          outcome: 'confirmed',
        }),
        '400': problem(
          'Not signed with the gateway secret: nothing changed',
          problemExample(
            400,
            'payment-callback-rejected',
            'Bad Request',
            'The callback is not signed with the gateway secret',
            { errors: [{ path: 'secureHash', message: 'does not match' }], reason: 'signature' },
          ),
        ),
      },
    },
    listNotifications: {
      tags: ['Notifications'],
      who: 'Whoever may see the dossier (scope `motcua/dossiers.read`).',
      responses: {
        '200': one('The email telling the dossier was received', {
          items: [
            {
              version: 2,
              status: 'RECEIVED',
              channel: 'EMAIL',
              recipient: 'n***@example.com',
              state: 'SENT',
              createdAt: '2026-11-24T08:40:12+07:00',
              sentAt: '2026-11-24T08:40:13+07:00',
              providerMessageId: '0102019367a1b2c3-5d6e7f80-1111-2222-3333-444455556666-000000',
            },
          ],
        }),
        '404': dossier404,
      },
    },
  };
}

/** The problems every operation may answer besides its own, by how the route is reached. */
export function commonProblems(route: RouteSpec): Record<string, { summary: string; value: unknown }> {
  const common: Record<string, { summary: string; value: unknown }> = {
    '400': { summary: 'A field is invalid', value: PROBLEM_EXAMPLES.queryValidation },
    '404': {
      summary: 'No such resource',
      value: problemExample(404, 'not-found', 'Not Found', 'No resource has this path'),
    },
    '408': {
      summary: 'The request did not arrive in full in time',
      value: problemExample(
        408,
        'request-timeout',
        'Request Timeout',
        'The request did not arrive in full within 10 s',
      ),
    },
    '409': { summary: 'Not allowed in the dossier’s current status', value: PROBLEM_EXAMPLES.conflict },
    '413': { summary: 'Body over 256 KiB', value: PROBLEM_EXAMPLES.tooLarge },
    '415': { summary: 'Not JSON in UTF-8', value: PROBLEM_EXAMPLES.mediaType },
    '422': {
      summary: 'A business rule refuses it',
      value: problemExample(422, 'business-rule', 'Unprocessable Content', 'An attachment cannot be used', {
        errors: [{ path: 'documents.0.attachmentId', message: 'not a VERIFIED upload of this client' }],
      }),
    },
    '500': { summary: 'Unexpected failure; safe to retry', value: PROBLEM_EXAMPLES.internal },
  };
  if (route.auth === 'token') {
    common['401'] = { summary: 'No valid token', value: PROBLEM_EXAMPLES.unauthorized };
    common['403'] = {
      summary: 'The token lacks the route’s scope',
      value: PROBLEM_EXAMPLES.insufficientScope,
    };
    common['429'] = { summary: 'Over the client’s rate', value: PROBLEM_EXAMPLES.tooManyRequests };
  }
  if (route.perIpLimit) {
    common['429'] = {
      summary: 'Over the address’s rate',
      value: problemExample(
        429,
        'too-many-requests',
        'Too Many Requests',
        'This address made more than 30 requests in 60 s; retry in 41 s',
        { retryAfterSeconds: 41 },
      ),
    };
  }
  return common;
}

const STATUS_HEADERS: Record<string, HeaderName[]> = {
  '401': ['WwwAuthenticate'],
  '403': ['WwwAuthenticate'],
  '429': ['RetryAfter'],
};

let built: Partial<Record<FunctionId, OperationDocs>> | undefined;

/**
 * The operation with its documentation: tags, a description saying who may call it and what it
 * changes, examples on each body and response, and the headers really sent.
 */
export function documentOperation(
  route: RouteSpec,
  op: ZodOpenApiOperationObject,
): ZodOpenApiOperationObject {
  built ??= docs();
  const extra = built[route.function];
  if (!extra) throw new Error(`operation ${route.function} has no documentation`);
  const scopes =
    route.auth === 'token'
      ? `Token scopes: any of ${route.scopes.map((s) => `\`${s}\``).join(', ')}.`
      : 'No token.';
  const description = [
    op.description,
    `**Who may call it**: ${extra.who} ${scopes}`,
    extra.changes ? `**What it changes**: ${extra.changes}` : '**What it changes**: nothing; it only reads.',
    route.function === 'actOnDossier' ? `**Actions**\n\n${actionsTable()}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const requestBody = op.requestBody;
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  const problems = commonProblems(route);
  for (const [status, value] of Object.entries(op.responses ?? {})) {
    const response = value as ZodOpenApiResponseObject;
    if (route.auth === 'public' && (status === '401' || status === '403')) continue;
    if (status === '429' && !problems['429']) continue;
    const common = problems[status];
    const examples =
      extra.responses?.[status] ??
      (common && response.content?.['application/problem+json'] ? { problem: common } : undefined);
    const names = [...(STATUS_HEADERS[status] ?? []), ...(extra.headers?.[status] ?? [])];
    responses[status] = {
      ...response,
      ...(names.length > 0 ? { headers: { ...headers(...names) } } : {}),
      ...(response.content && examples ? { content: withExamples(response.content, examples) } : {}),
    };
  }
  return {
    ...op,
    tags: extra.tags,
    description,
    ...(requestBody && extra.request
      ? { requestBody: { ...requestBody, content: withExamples(requestBody.content, extra.request) } }
      : {}),
    responses,
  };
}

/** Adds the examples to the JSON media type of a content object (the first one otherwise). */
function withExamples(
  content: ZodOpenApiContentObject,
  examples: Record<string, Example>,
): ZodOpenApiContentObject {
  const type =
    Object.keys(content).find((t) => t === 'application/json' || t === 'application/problem+json') ??
    Object.keys(content)[0];
  if (!type) return content;
  return { ...content, [type]: { ...content[type], examples } };
}
