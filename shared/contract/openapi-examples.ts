/**
 * Example values of the OpenAPI document (shared/contract/openapi.ts), from the seed catalog of
 * Quang Ninh: the Hong Gai ward center, its People's Committee (unit code 000.21.01.H49), birth
 * registration (1.001193) and copies of civil-status extracts (2.000635, 8,000 VND). The sample
 * dossier is a domain record shown through the contract's own presenters and the portal sync's
 * own mapping, so the examples say what the service really answers and sends.
 */
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import { capNhatTienDo, dongBoHoSo } from '#shared/domain/portal-sync.ts';
import { routingEventId } from '#shared/domain/routing.ts';
import { presentDossier, presentDossierSummary } from './present.ts';

export const SAMPLE_CODE = '000.21.01.H49-261124-0007';
const FEE_CODE = '000.21.01.H49-261125-0012';
const ATTACHMENT_ID = '3f6c1d2e-8b4a-4c1f-9e2d-7a5b6c8d9e01';
const RESULT_ATTACHMENT_ID = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

const applicant = {
  type: 'CITIZEN' as const,
  idNumber: '022190000123',
  fullName: 'Nguyễn Văn An',
  phone: '0912345678',
  email: 'nguyenvanan@example.com',
  address: 'Tổ 1, khu 2, phường Hồng Gai, tỉnh Quảng Ninh',
};

/** Birth registration filed online by the portal, accepted at the Hong Gai center. */
const submitted: Dossier = {
  dossierCode: SAMPLE_CODE,
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  centerId: 'hong-gai',
  competentUnitId: 'hong-gai-pc',
  agencyId: 'commune',
  category: 'OWN_AUTHORITY',
  channel: 'ONLINE',
  status: 'SUBMITTED',
  version: 1,
  submittedAt: '2026-11-24T08:12:05+07:00',
  applicant,
  summary: 'Đăng ký khai sinh cho con Nguyễn Minh Khang, sinh ngày 20/11/2026',
  documents: [
    { documentCode: 'TP01', attachmentId: ATTACHMENT_ID },
    { documentCode: 'TP02', attachmentId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' },
    { documentCode: 'TP03', attachmentId: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f' },
  ],
  resultDelivery: 'ONLINE',
  portalRef: 'G22.99.1-261124-000381',
  processing: { days: 1 },
  submittedBy: 'local-portal',
  routedTo: [],
};

const officer = {
  name: 'Trần Thị Bình',
  title: 'Công chức Tư pháp - Hộ tịch',
  department: 'Tư pháp - Hộ tịch',
};

export const SAMPLE_HISTORY: TimelineEvent[] = [
  { at: submitted.submittedAt, action: 'SUBMIT', actor: 'local-portal', toStatus: 'SUBMITTED', version: 1 },
  {
    at: '2026-11-24T08:40:11+07:00',
    action: 'ACCEPT',
    actor: 'local-center-hong-gai',
    fromStatus: 'SUBMITTED',
    toStatus: 'RECEIVED',
    version: 2,
  },
  {
    at: '2026-11-24T08:40:13+07:00',
    action: 'START',
    actor: 'agency-handler:commune',
    fromStatus: 'RECEIVED',
    toStatus: 'IN_PROGRESS',
    version: 3,
  },
  {
    at: '2026-11-24T15:05:42+07:00',
    action: 'RESOLVE',
    actor: 'local-agency-commune-hong-gai-pc',
    fromStatus: 'IN_PROGRESS',
    toStatus: 'RESOLVED',
    documents: [
      { documentCode: 'KQ01', name: 'Giấy khai sinh (bản chính)', attachmentId: RESULT_ATTACHMENT_ID },
    ],
    officer,
    version: 4,
  },
];

export const SAMPLE_RECEIVED: Dossier = {
  ...submitted,
  status: 'RECEIVED',
  version: 2,
  receivedAt: '2026-11-24T08:40:11+07:00',
  dueAt: '2026-11-25T08:40:11+07:00',
  routedTo: ['commune'],
};
export const SAMPLE_IN_PROGRESS: Dossier = { ...SAMPLE_RECEIVED, status: 'IN_PROGRESS', version: 3 };
export const SAMPLE_RESOLVED: Dossier = {
  ...SAMPLE_IN_PROGRESS,
  status: 'RESOLVED',
  version: 4,
  finishedAt: '2026-11-24T15:05:42+07:00',
  timeliness: 'EARLY',
  results: [{ documentCode: 'KQ01', name: 'Giấy khai sinh (bản chính)', attachmentId: RESULT_ATTACHMENT_ID }],
};
export const SAMPLE_RETURNED: Dossier = {
  ...SAMPLE_RESOLVED,
  status: 'RETURNED',
  version: 5,
  returnedAt: '2026-11-25T09:15:00+07:00',
};

/** A DIRECT filing at the counter, as the submission answers it. */
const counterFiled: Dossier = {
  ...submitted,
  dossierCode: '000.21.01.H49-261126-0001',
  channel: 'DIRECT',
  status: 'RECEIVED',
  submittedAt: '2026-11-26T09:02:31+07:00',
  receivedAt: '2026-11-26T09:02:31+07:00',
  dueAt: '2026-11-27T09:02:31+07:00',
  documents: [{ documentCode: 'TP01' }, { documentCode: 'TP02' }, { documentCode: 'TP03' }],
  resultDelivery: 'COUNTER',
  submittedBy: 'local-center-hong-gai',
  routedTo: ['commune'],
};
const { portalRef: _portalRef, ...counterFiledWithoutRef } = counterFiled;

/** The request of a counter filing (README walk-through). */
export const SUBMIT_REQUEST = {
  procedureCode: '1.001193',
  centerId: 'hong-gai',
  channel: 'DIRECT',
  applicant: {
    type: 'CITIZEN',
    idNumber: '022190000123',
    fullName: 'Nguyễn Văn An',
    phone: '0912345678',
    email: 'nguyenvanan@example.com',
    address: 'Tổ 1, khu 2, phường Hồng Gai, tỉnh Quảng Ninh',
  },
  summary: 'Đăng ký khai sinh cho con Nguyễn Minh Khang, sinh ngày 20/11/2026',
  documents: [{ documentCode: 'TP01' }, { documentCode: 'TP02', copies: 1 }, { documentCode: 'TP03' }],
  resultDelivery: 'COUNTER',
};

export const dossierExamples = () => ({
  submitted: presentDossier(counterFiledWithoutRef, [
    {
      at: counterFiled.submittedAt,
      action: 'SUBMIT',
      actor: 'local-center-hong-gai',
      toStatus: 'RECEIVED',
      version: 1,
    },
  ]),
  resolved: presentDossier(SAMPLE_RESOLVED, SAMPLE_HISTORY),
  summary: presentDossierSummary(SAMPLE_IN_PROGRESS),
});

/** The national portal sync bodies of the sample dossier, built by the sync's own mapping. */
export const portalSyncExamples = () => {
  const context = { fieldCode: 'Hộ tịch', unitCode: '000.21.01.H49' };
  return {
    dongBoHoSo: dongBoHoSo(SAMPLE_RESOLVED, SAMPLE_HISTORY, context),
    capNhatTienDo: capNhatTienDo({ ...SAMPLE_RESOLVED, syncedVersion: 2 }, SAMPLE_HISTORY),
  };
};

export const AGENCY_WEBHOOK_EXAMPLE = () => ({
  eventId: routingEventId({ dossierCode: SAMPLE_CODE, version: 2, agencyId: 'commune', status: 'RECEIVED' }),
  reason: 'PROCESS' as const,
  dossier: presentDossierSummary(SAMPLE_RECEIVED),
});

/** Problem details of the contract, each naming what went wrong. */
export const problemExample = (
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) => ({ type: `urn:motcua:problem:${slug}`, title, status, detail, ...extra });

export const PROBLEM_EXAMPLES = {
  validation: problemExample(400, 'validation', 'Bad Request', 'The body does not match the schema', {
    errors: [{ path: 'applicant.idNumber', message: 'A citizen ID number (CCCD) has 12 digits' }],
  }),
  queryValidation: problemExample(400, 'validation', 'Bad Request', 'The query parameters are invalid', {
    errors: [{ path: 'limit', message: 'Too big: expected number to be <=100' }],
  }),
  unauthorized: problemExample(401, 'unauthorized', 'Unauthorized', 'The token is invalid or expired'),
  insufficientScope: problemExample(
    403,
    'insufficient_scope',
    'Forbidden',
    'The token lacks the scope this route needs (one of: motcua/dossiers.process)',
    { requiredScopes: ['motcua/dossiers.process'] },
  ),
  dossierNotFound: problemExample(404, 'not-found', 'Not Found', 'No dossier has this code', {
    errors: [{ path: 'dossierCode', message: 'not a dossier code ({unitCode}-{yyMMdd}-{NNNN})' }],
  }),
  conflict: problemExample(409, 'conflict', 'Conflict', 'START is not allowed when the dossier is RESOLVED', {
    currentStatus: 'RESOLVED',
    version: 4,
  }),
  tooLarge: problemExample(413, 'too-large', 'Content Too Large', 'The body is larger than 262144 bytes'),
  mediaType: problemExample(
    415,
    'unsupported-media-type',
    'Unsupported Media Type',
    'Send the body as application/json in UTF-8',
  ),
  tooManyRequests: problemExample(
    429,
    'too-many-requests',
    'Too Many Requests',
    'This client made more than 100 requests in 10 s; retry in 4 s',
    { retryAfterSeconds: 4 },
  ),
  internal: problemExample(
    500,
    'internal',
    'Internal Server Error',
    'The request could not be completed; it is safe to retry',
  ),
};

export const PROCEDURE_EXAMPLE = {
  code: '1.001193',
  name: 'Thủ tục đăng ký khai sinh',
  nameEn: 'Birth registration',
  field: 'Hộ tịch',
  level: 'COMMUNE',
  competentUnitKind: 'COMMUNE_PC',
  agencyId: 'commune',
  processingDays: 1,
  onlineLevel: 'FULL',
  documents: [
    {
      code: 'TP01',
      name: 'Tờ khai đăng ký khai sinh (hoặc mẫu hộ tịch điện tử tương tác nếu nộp trực tuyến)',
      nameEn: 'Birth registration declaration (or interactive e-form online)',
      mandatory: true,
    },
    {
      code: 'TP02',
      name: 'Giấy chứng sinh (hoặc văn bản người làm chứng / giấy cam đoan về việc sinh)',
      nameEn: 'Birth certificate from the health facility (or witness statement / self-declaration of birth)',
      mandatory: true,
    },
    {
      code: 'TP03',
      name: 'Giấy tờ tùy thân (CCCD/Thẻ căn cước/Căn cước điện tử/Hộ chiếu) – xuất trình hoặc cung cấp số định danh',
      nameEn: 'Identity document (citizen ID / e-ID / passport) – presented, or personal ID number supplied',
      mandatory: true,
    },
  ],
  fees: [{ code: 'LP01', name: 'Lệ phí đăng ký khai sinh (đúng hạn)', amount: 0 }],
  source: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7',
};

export const CENTER_EXAMPLE = {
  centerId: 'hong-gai',
  name: 'Trung tâm Phục vụ hành chính công phường Hồng Gai',
  unitId: 'hong-gai-pc',
  unitCode: '000.21.01.H49',
};
export const UNIT_EXAMPLE = {
  unitId: 'hong-gai-pc',
  name: 'Ủy ban nhân dân phường Hồng Gai',
  kind: 'COMMUNE_PC',
  agencyId: 'commune',
  unitCode: '000.21.01.H49',
};
export const AGENCY_EXAMPLE = {
  agencyId: 'land-registry',
  name: 'Văn phòng đăng ký đất đai tỉnh Quảng Ninh',
};

export const ATTACHMENT_REQUEST = {
  fileName: 'to-khai-khai-sinh.pdf',
  contentType: 'application/pdf',
  size: 184320,
  sha256: '9f2c4a7d1e0b5c3a8f6e2d4b7c1a9e0f3d5b8c2a6e4f1d7b0c9a3e5f2d8b6c4a',
};
export const ATTACHMENT_EXAMPLE = { attachmentId: ATTACHMENT_ID, status: 'VERIFIED', ...ATTACHMENT_REQUEST };

/** The online payment of the fee for copies of a birth certificate (2.000635). */
export const PAYMENT_EXAMPLE = {
  paymentId: `${FEE_CODE}.k3v9q2m7x1ab`,
  dossierCode: FEE_CODE,
  amount: 8000,
  status: 'PAID',
  createdAt: '2026-11-25T10:02:00+07:00',
  expiresAt: '2026-11-25T10:17:00+07:00',
  transactionRef: 'VNP14623118',
  paidAt: '2026-11-25T10:04:31+07:00',
};
