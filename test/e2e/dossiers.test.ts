/**
 * The walking skeleton over HTTP against `npm start -- --memory`: a dossier filed through the
 * API reaches its agency; bad input gets problem+json 4xx and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfOfSize } from '../fixtures/files.ts';
import { verifiedUpload } from '../fixtures/upload.ts';
import { api, baseUrl, contractFetch, eventually, token } from './http.ts';

type Dossier = {
  dossierCode: string;
  status: string;
  statusCode: number;
  version: number;
  category: string;
  agencyId: string;
  receivedAt?: string;
  dueAt?: string;
  history: { action: string; fromStatus?: string; toStatus: string; actor: string }[];
};

const PROBLEM = /^application\/problem\+json/;
let keys = 0;
const key = () => `e2e-${Date.now()}-${++keys}`;

const birthRegistration = (overrides: Record<string, unknown> = {}) => ({
  procedureCode: '1.001193',
  centerId: 'hong-gai',
  channel: 'DIRECT',
  applicant: {
    type: 'CITIZEN',
    idNumber: '022190000123',
    fullName: 'Nguyễn Văn An',
    address: 'Tổ 1, khu 2, phường Hồng Gai',
  },
  summary: 'Đăng ký khai sinh cho con',
  documents: [{ documentCode: 'TP01' }, { documentCode: 'TP02' }, { documentCode: 'TP03' }],
  resultDelivery: 'COUNTER',
  ...overrides,
});

let center: string;
let portal: string;
beforeAll(async () => {
  [center, portal] = await Promise.all([token('local-center-hong-gai'), token('local-portal')]);
});

const file = (body: unknown, bearer = center, idempotencyKey = key()) =>
  api<Dossier>('POST', '/v1/dossiers', {
    token: bearer,
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });

describe('a DIRECT dossier filed at the counter', () => {
  it('is stored RECEIVED, read back with its history, and reaches IN_PROGRESS through its agency', async () => {
    const filed = await file(birthRegistration());
    expect(filed.status, filed.text).toBe(201);
    expect(filed.headers.get('location')).toBe(`/v1/dossiers/${filed.json.dossierCode}`);
    expect(filed.json).toMatchObject({
      status: 'RECEIVED',
      statusCode: 2,
      version: 1,
      category: 'OWN_AUTHORITY',
      agencyId: 'commune',
      channel: 'DIRECT',
    });
    expect(filed.json.dossierCode).toMatch(/^000\.21\.01\.H49-\d{6}-\d{4}$/);
    expect(filed.json.dueAt).toBeDefined();

    const read = await api<Dossier>('GET', `/v1/dossiers/${filed.json.dossierCode}`, { token: center });
    expect(read.status).toBe(200);
    expect(read.json.history[0]).toMatchObject({ action: 'SUBMIT', toStatus: 'RECEIVED' });

    const started = await eventually(
      async () => {
        const now = await api<Dossier>('GET', `/v1/dossiers/${filed.json.dossierCode}`, { token: center });
        expect(now.json.status).toBe('IN_PROGRESS');
        return now.json;
      },
      { timeoutMs: 20_000 },
    );
    expect(started).toMatchObject({ statusCode: 4, version: 2 });
    expect(started.history.map((h) => h.action)).toEqual(['SUBMIT', 'START']);
    expect(started.history[1]).toMatchObject({ fromStatus: 'RECEIVED', toStatus: 'IN_PROGRESS' });
  });

  it('replays the same answer for a repeated Idempotency-Key', async () => {
    const idempotencyKey = key();
    const first = await file(birthRegistration(), center, idempotencyKey);
    const again = await file(birthRegistration(), center, idempotencyKey);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.dossierCode).toBe(first.json.dossierCode);
  });
});

describe('an ONLINE dossier from the portal', () => {
  it('waits SUBMITTED until the center accepts it, then is due and routed', async () => {
    const filed = await file(
      birthRegistration({
        channel: 'ONLINE',
        documents: await Promise.all(
          ['TP01', 'TP02', 'TP03'].map(async (documentCode, i) => ({
            documentCode,
            attachmentId: await verifiedUpload(
              baseUrl(),
              portal,
              pdfOfSize(1000 + i),
              undefined,
              contractFetch,
            ),
          })),
        ),
        resultDelivery: 'ONLINE',
      }),
      portal,
    );
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json).toMatchObject({ status: 'SUBMITTED', statusCode: 1 });
    expect(filed.json.dueAt).toBeUndefined();

    const accepted = await api<Dossier>('POST', `/v1/dossiers/${filed.json.dossierCode}/actions`, {
      token: center,
      body: { action: 'ACCEPT', expectedVersion: 1 },
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'RECEIVED', version: 2 });
    expect(accepted.json.receivedAt).toBeDefined();
    expect(accepted.json.dueAt).toBeDefined();

    await eventually(
      async () => {
        const now = await api<Dossier>('GET', `/v1/dossiers/${filed.json.dossierCode}`, { token: portal });
        expect(now.json.status).toBe('IN_PROGRESS');
      },
      { timeoutMs: 20_000 },
    );

    const again = await api('POST', `/v1/dossiers/${filed.json.dossierCode}/actions`, {
      token: center,
      body: { action: 'ACCEPT' },
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ currentStatus: 'IN_PROGRESS', version: 3 });
  });
});

describe('bad input', () => {
  it('a bad token gets 401', async () => {
    const response = await api('GET', '/v1/dossiers/000.21.01.H49-250715-0001', { token: `${center}x` });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(PROBLEM);
  });

  it('an unknown procedure gets 422 naming procedureCode', async () => {
    const response = await file(birthRegistration({ procedureCode: '9.999999' }));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(PROBLEM);
    expect(response.json).toMatchObject({ errors: [{ path: 'procedureCode' }] });
  });

  it('a malformed body gets 400, and a second try with the same key is not blocked by it', async () => {
    const idempotencyKey = key();
    const malformed = await api('POST', '/v1/dossiers', {
      token: center,
      body: '{"procedureCode": "1.001193",',
      headers: { 'idempotency-key': idempotencyKey },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(PROBLEM);
    expect((await file(birthRegistration(), center, idempotencyKey)).status).toBe(201);
  });

  it('a schema violation gets 400 naming the field', async () => {
    const response = await file(birthRegistration({ channel: 'CARRIER_PIGEON' }));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ errors: [{ path: 'channel' }] });
  });

  it('a body that is not JSON gets 415', async () => {
    const response = await api('POST', '/v1/dossiers', {
      token: center,
      body: 'procedureCode=1.001193',
      headers: { 'idempotency-key': key(), 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(415);
  });

  it('a center filing at another center gets 403; the portal filing DIRECT gets 403', async () => {
    expect((await file(birthRegistration({ centerId: 'bai-chay' }))).status).toBe(403);
    expect((await file(birthRegistration(), portal)).status).toBe(403);
  });

  it('a dossier the client may not see is not found', async () => {
    const filed = await file(birthRegistration());
    const other = await token('local-center-bai-chay');
    expect((await api('GET', `/v1/dossiers/${filed.json.dossierCode}`, { token: other })).status).toBe(404);
  });
});
