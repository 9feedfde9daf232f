/**
 * The dossier lifecycle over HTTP against `npm start -- --memory`: every row of the actions
 * table (docs/api.md §6), path by path, each on a fresh dossier; signed webhook delivery to the agency systems
 * with a webhook (`commune`, `post`: the receiver of global-setup.ts) and worklists for those
 * without (`police`); retries with backoff until the DLQ for a delivery the agency keeps
 * failing; the refusals (409, 403, 404, 400); and the admin's calendar write.
 */
import { createHmac } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, localCredentials } from '#infra/local/constants.ts';
import { deadLetterQueueName } from '#infra/local/provision.ts';
import { AGENCY_QUEUES } from '#infra/topology.ts';
import { pdfOfSize } from '../fixtures/files.ts';
import { verifiedUpload } from '../fixtures/upload.ts';
import {
  type ApiResponse,
  api,
  baseUrl,
  contractFetch,
  eventually,
  poisonDossier,
  receivedWebhooks,
  token,
} from './http.ts';
import { E2E_WEBHOOK_SECRET, type ReceivedWebhook } from './webhook-receiver.ts';

type HistoryEntry = {
  at: string;
  action: string;
  actor: string;
  fromStatus?: string;
  toStatus: string;
  note?: string;
};
type Dossier = {
  dossierCode: string;
  procedureCode: string;
  centerId: string;
  agencyId: string;
  category: string;
  channel: string;
  status: string;
  statusCode: number;
  version: number;
  summary: string;
  receivedAt?: string;
  dueAt?: string;
  finishedAt?: string;
  timeliness?: string;
  documents: { documentCode: string; attachmentId?: string; digitized?: boolean }[];
  results?: { documentCode: string; name?: string; attachmentId?: string }[];
  fees?: { code: string; name: string; amount: number }[];
  resultDelivery: string;
  history: HistoryEntry[];
};
type Page = { items: Omit<Dossier, 'history'>[]; nextCursor?: string };
type Problem = {
  type: string;
  status: number;
  currentStatus?: string;
  version?: number;
  errors?: { path: string }[];
};
type Procedure = { code: string; agencyId: string; documents: { code: string; mandatory: boolean }[] };

const PROBLEM = /^application\/problem\+json/;
/** `yyyy-MM-dd` of an instant in Vietnam (UTC+7). */
const localDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
/** Routing is asynchronous (stream → queue → agency handler → webhook): generous deadlines. */
const DELIVERY_MS = 20_000;

let keys = 0;
const key = () => `e2e-life-${Date.now()}-${++keys}`;

const applicant = {
  type: 'CITIZEN',
  idNumber: '022190000123',
  fullName: 'Nguyễn Văn An',
  address: 'Tổ 1, khu 2, phường Hồng Gai',
};

/** Birth registration (1.001193, decided by `commune`); ONLINE from the portal unless overridden. */
const birthRegistration = (overrides: Record<string, unknown> = {}) => ({
  procedureCode: '1.001193',
  centerId: 'hong-gai',
  channel: 'ONLINE',
  applicant,
  summary: 'Đăng ký khai sinh cho con',
  documents: ['TP01', 'TP02', 'TP03'].map((documentCode, i) => ({
    documentCode,
    attachmentId: uploads[i],
  })),
  resultDelivery: 'ONLINE',
  ...overrides,
});

const tokens = {} as Record<
  'portal' | 'center' | 'otherCenter' | 'admin' | 'commune' | 'police' | 'post',
  string
>;
let criminalRecordDocuments: { documentCode: string }[] = [];
/** The portal's verified uploads: the three documents of its ONLINE filings, then a supplement. */
const uploads: string[] = [];

beforeAll(async () => {
  const clients = {
    portal: 'local-portal',
    center: 'local-center-hong-gai',
    otherCenter: 'local-center-bai-chay',
    admin: 'local-admin',
    commune: 'local-agency-commune',
    police: 'local-agency-police',
    post: 'local-agency-post',
  } as const;
  await Promise.all(
    Object.entries(clients).map(async ([name, clientId]) => {
      tokens[name as keyof typeof clients] = await token(clientId);
    }),
  );
  for (const size of [1000, 2000, 3000, 4000])
    uploads.push(await verifiedUpload(baseUrl(), tokens.portal, pdfOfSize(size), undefined, contractFetch));
  const procedure = await api<Procedure>('GET', '/v1/procedures/3.000333', { token: tokens.center });
  expect(procedure.status, procedure.text).toBe(200);
  expect(procedure.json.agencyId).toBe('police');
  criminalRecordDocuments = procedure.json.documents
    .filter((d) => d.mandatory)
    .map((d) => ({ documentCode: d.code }));
  expect(criminalRecordDocuments.length).toBeGreaterThan(0);
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function file(body: unknown, bearer: string): Promise<Dossier> {
  const filed = await api<Dossier>('POST', '/v1/dossiers', {
    token: bearer,
    body,
    headers: { 'idempotency-key': key() },
  });
  expect(filed.status, filed.text).toBe(201);
  return filed.json;
}

/** An ONLINE birth registration from the portal: SUBMITTED, not routed yet. */
async function fileOnline(overrides: Record<string, unknown> = {}): Promise<Dossier> {
  const dossier = await file(birthRegistration(overrides), tokens.portal);
  expect(dossier).toMatchObject({ status: 'SUBMITTED', statusCode: 1, version: 1, agencyId: 'commune' });
  return dossier;
}

/** A DIRECT criminal-record certificate (3.000333, decided by `police`, no webhook) at the counter. */
async function fileCriminalRecord(resultDelivery = 'COUNTER'): Promise<Dossier> {
  const dossier = await file(
    {
      procedureCode: '3.000333',
      centerId: 'hong-gai',
      channel: 'DIRECT',
      applicant,
      summary: 'Cấp Phiếu lý lịch tư pháp số 1',
      documents: criminalRecordDocuments,
      resultDelivery,
    },
    tokens.center,
  );
  expect(dossier).toMatchObject({ status: 'RECEIVED', statusCode: 2, version: 1, agencyId: 'police' });
  return dossier;
}

const act = (code: string, bearer: string, body: Record<string, unknown>): Promise<ApiResponse<Dossier>> =>
  api<Dossier>('POST', `/v1/dossiers/${code}/actions`, { token: bearer, body });

/** Takes an action that must succeed; returns the dossier it answers with. */
async function actOk(code: string, bearer: string, body: Record<string, unknown>): Promise<Dossier> {
  const response = await act(code, bearer, body);
  expect(response.status, `${String(body.action)}: ${response.text}`).toBe(200);
  return response.json;
}

async function read(code: string, bearer = tokens.center): Promise<Dossier> {
  const response = await api<Dossier>('GET', `/v1/dossiers/${code}`, { token: bearer });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

const waitForStatus = (code: string, status: string, timeoutMs = DELIVERY_MS) =>
  eventually(
    async () => {
      const dossier = await read(code);
      expect(dossier.status).toBe(status);
      return dossier;
    },
    { timeoutMs },
  );

/** A problem+json refusal with the given status; returns its body. */
function expectProblem(response: ApiResponse<unknown>, status: number): Problem {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(PROBLEM);
  return response.json as Problem;
}

/** Follows the cursor of a worklist until the dossier shows up (or the list ends). */
async function findInWorklist(
  bearer: string,
  query: Record<string, string>,
  code: string,
): Promise<Page['items'][number] | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const params = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await api<Page>('GET', `/v1/dossiers?${params}`, { token: bearer });
    expect(response.status, response.text).toBe(200);
    const found = response.json.items.find((d) => d.dossierCode === code);
    if (found) return found;
    if (!response.json.nextCursor) return undefined;
    cursor = response.json.nextCursor;
  }
  throw new Error('worklist did not end within 100 pages');
}

/** Checks a recorded webhook the way an agency system would: signature, timestamp, event id. */
function expectSignedWebhook(hook: ReceivedWebhook): void {
  expect(hook.method).toBe('POST');
  expect(hook.headers['content-type']).toMatch(/^application\/json/);
  const timestamp = hook.headers['x-motcua-timestamp'] ?? '';
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  const expected = `sha256=${createHmac('sha256', E2E_WEBHOOK_SECRET).update(`${timestamp}.${hook.rawBody}`).digest('hex')}`;
  expect(hook.headers['x-motcua-signature']).toBe(expected);
  expect(hook.signatureValid).toBe(true);
  const body = hook.json as { eventId?: unknown };
  expect(typeof body.eventId).toBe('string');
  expect(hook.headers['x-motcua-event-id']).toBe(body.eventId);
}

const actions = (dossier: Dossier) => dossier.history.map((h) => h.action);

// ---------------------------------------------------------------------------------------------
// Paths through the lifecycle

describe('accept → start (webhook) → supplement → resolve → return', () => {
  it('takes an ONLINE dossier from SUBMITTED to RETURNED, the commune webhook starting it', async () => {
    const filed = await fileOnline();
    const code = filed.dossierCode;
    expect(filed.dueAt).toBeUndefined();

    const accepted = await actOk(code, tokens.center, { action: 'ACCEPT', expectedVersion: 1 });
    expect(accepted).toMatchObject({ status: 'RECEIVED', statusCode: 2, version: 2 });
    expect(accepted.receivedAt).toBeDefined();
    expect(accepted.dueAt).toBeDefined();

    // The commune agency system gets a signed PROCESS webhook for it …
    const hook = await eventually(
      async () => {
        const hooks = await receivedWebhooks({ dossierCode: code, agencyId: 'commune' });
        const ok = hooks.find((h) => h.status >= 200 && h.status < 300);
        expect(ok, JSON.stringify(hooks.map((h) => h.status))).toBeDefined();
        return ok as ReceivedWebhook;
      },
      { timeoutMs: DELIVERY_MS },
    );
    expectSignedWebhook(hook);
    expect(hook.path).toBe('/agencies/commune');
    expect(hook.reason).toBe('PROCESS');
    const body = hook.json as { reason: string; dossier: Record<string, unknown> };
    expect(body.reason).toBe('PROCESS');
    expect(body.dossier).toMatchObject({
      dossierCode: code,
      status: 'RECEIVED',
      version: 2,
      agencyId: 'commune',
    });
    expect(body.dossier).not.toHaveProperty('history');

    // … and once it took it, the agency handler STARTs the dossier.
    const started = await waitForStatus(code, 'IN_PROGRESS');
    expect(started).toMatchObject({ statusCode: 4, version: 3 });
    expect(started.history.at(-1)).toMatchObject({
      action: 'START',
      actor: 'agency-handler:commune',
      fromStatus: 'RECEIVED',
      toStatus: 'IN_PROGRESS',
    });

    const supplementRequested = await actOk(code, tokens.commune, {
      action: 'REQUEST_SUPPLEMENT',
      expectedVersion: 3,
      note: 'Bổ sung bản sao giấy chứng nhận kết hôn',
    });
    expect(supplementRequested).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', statusCode: 5, version: 4 });
    expect(supplementRequested.history.at(-1)).toMatchObject({
      action: 'REQUEST_SUPPLEMENT',
      actor: 'local-agency-commune',
      note: 'Bổ sung bản sao giấy chứng nhận kết hôn',
    });

    const supplemented = await actOk(code, tokens.portal, {
      action: 'SUPPLEMENT',
      expectedVersion: 4,
      documents: [{ documentCode: 'TP02', attachmentId: uploads[3] }],
    });
    expect(supplemented).toMatchObject({ status: 'IN_PROGRESS', statusCode: 4, version: 5 });
    // The supplied TP02 replaces the one filed, in its place.
    expect(supplemented.documents).toEqual([
      { documentCode: 'TP01', attachmentId: uploads[0], digitized: true },
      { documentCode: 'TP02', attachmentId: uploads[3], digitized: true },
      { documentCode: 'TP03', attachmentId: uploads[2], digitized: true },
    ]);
    expect(supplemented.history.at(-1)).toMatchObject({
      action: 'SUPPLEMENT',
      documents: [{ documentCode: 'TP02', attachmentId: uploads[3] }],
    });
    expect(supplemented.dueAt).toBeDefined();
    expect(Date.parse(supplemented.dueAt ?? '')).toBeGreaterThanOrEqual(Date.parse(accepted.dueAt ?? ''));

    const results = [{ documentCode: 'KQ01', name: 'Giấy khai sinh (bản chính)' }];
    const resolved = await actOk(code, tokens.commune, {
      action: 'RESOLVE',
      expectedVersion: 5,
      documents: results,
    });
    expect(resolved).toMatchObject({ status: 'RESOLVED', statusCode: 9, version: 6, results });
    expect(resolved.finishedAt).toBeDefined();
    // Resolved within seconds of its receipt, on a one-working-day procedure: the due moment lies
    // on a later local day, which makes it EARLY.
    expect(localDate(resolved.finishedAt ?? '') < localDate(resolved.dueAt ?? '')).toBe(true);
    expect(resolved.timeliness).toBe('EARLY');

    const returned = await actOk(code, tokens.center, { action: 'RETURN_RESULT', expectedVersion: 6 });
    expect(returned).toMatchObject({ status: 'RETURNED', statusCode: 10, version: 7 });

    const final = await read(code, tokens.portal);
    expect(actions(final)).toEqual([
      'SUBMIT',
      'ACCEPT',
      'START',
      'REQUEST_SUPPLEMENT',
      'SUPPLEMENT',
      'RESOLVE',
      'RETURN_RESULT',
    ]);
    // Each entry leaves the dossier where the next one takes it up.
    final.history.slice(1).forEach((entry, i) => {
      expect(entry.fromStatus).toBe(final.history[i]?.toStatus);
    });
    expect(final.history.map((h) => h.toStatus)).toEqual([
      'SUBMITTED',
      'RECEIVED',
      'IN_PROGRESS',
      'SUPPLEMENT_REQUESTED',
      'IN_PROGRESS',
      'RESOLVED',
      'RETURNED',
    ]);
  });
});

describe('payment, and a result sent by post', () => {
  it('a police dossier waits on the worklist, is started, paid, resolved, and its result goes to the post', async () => {
    const filed = await fileCriminalRecord('POSTAL');
    const code = filed.dossierCode;
    expect(filed.category).toBe('VERTICAL');

    // police has no webhook: the dossier is on its worklist, still RECEIVED.
    const listed = await eventually(
      async () => {
        const found = await findInWorklist(tokens.police, { status: 'RECEIVED' }, code);
        expect(found).toBeDefined();
        return found;
      },
      { timeoutMs: DELIVERY_MS },
    );
    expect(listed).toMatchObject({ status: 'RECEIVED', agencyId: 'police' });
    expect(await receivedWebhooks({ dossierCode: code })).toEqual([]);

    // Nothing started it meanwhile: the agency's own START finds it at version 1.
    const started = await actOk(code, tokens.police, { action: 'START', expectedVersion: 1 });
    expect(started).toMatchObject({ status: 'IN_PROGRESS', statusCode: 4, version: 2 });
    expect(started.history.at(-1)).toMatchObject({ action: 'START', actor: 'local-agency-police' });

    const missingFees = await act(code, tokens.police, { action: 'REQUEST_PAYMENT' });
    expect(expectProblem(missingFees, 400).errors).toContainEqual(expect.objectContaining({ path: 'fees' }));

    const fees = [{ code: 'LLTP', name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200_000 }];
    const paymentRequested = await actOk(code, tokens.police, { action: 'REQUEST_PAYMENT', fees });
    expect(paymentRequested).toMatchObject({ status: 'PAYMENT_REQUESTED', statusCode: 6, version: 3, fees });

    const paid = await actOk(code, tokens.center, { action: 'CONFIRM_PAYMENT', expectedVersion: 3 });
    expect(paid).toMatchObject({ status: 'IN_PROGRESS', statusCode: 4, version: 4, fees });

    const resolved = await actOk(code, tokens.police, {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01', name: 'Phiếu lý lịch tư pháp số 1' }],
    });
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      statusCode: 9,
      version: 5,
      resultDelivery: 'POSTAL',
    });
    expect(actions(resolved)).toEqual(['SUBMIT', 'START', 'REQUEST_PAYMENT', 'CONFIRM_PAYMENT', 'RESOLVE']);

    // The result is routed to the post: a signed DELIVER_RESULT webhook …
    const hook = await eventually(
      async () => {
        const hooks = await receivedWebhooks({ dossierCode: code, agencyId: 'post' });
        const ok = hooks.find((h) => h.status >= 200 && h.status < 300);
        expect(ok, JSON.stringify(hooks.map((h) => h.status))).toBeDefined();
        return ok as ReceivedWebhook;
      },
      { timeoutMs: DELIVERY_MS },
    );
    expectSignedWebhook(hook);
    expect(hook.reason).toBe('DELIVER_RESULT');
    expect(hook.json).toMatchObject({
      reason: 'DELIVER_RESULT',
      dossier: { dossierCode: code, status: 'RESOLVED', agencyId: 'police', resultDelivery: 'POSTAL' },
    });
    // … that changes nothing in the dossier …
    expect(await read(code)).toMatchObject({ status: 'RESOLVED', version: 5 });

    // … and the post sees it on its worklist and may read it, but does not decide it.
    expect(await findInWorklist(tokens.post, {}, code)).toMatchObject({
      dossierCode: code,
      status: 'RESOLVED',
    });
    expect(await read(code, tokens.post)).toMatchObject({ dossierCode: code });
    expectProblem(await act(code, tokens.post, { action: 'STOP', note: 'không phải của bưu điện' }), 403);
  });
});

describe('stop', () => {
  it('the agency STOPs an IN_PROGRESS dossier with a note; without a note it gets 400', async () => {
    const filed = await fileOnline();
    const code = filed.dossierCode;
    await actOk(code, tokens.center, { action: 'ACCEPT' });
    const started = await waitForStatus(code, 'IN_PROGRESS');

    const noNote = await act(code, tokens.commune, { action: 'STOP' });
    expect(expectProblem(noNote, 400).errors).toContainEqual(expect.objectContaining({ path: 'note' }));
    expect(await read(code)).toMatchObject({ status: 'IN_PROGRESS', version: started.version });

    const note = 'Người yêu cầu đã chết trước khi giải quyết';
    const stopped = await actOk(code, tokens.commune, {
      action: 'STOP',
      expectedVersion: started.version,
      note,
    });
    expect(stopped).toMatchObject({ status: 'STOPPED', statusCode: 8, version: started.version + 1 });
    expect(stopped.finishedAt).toBeDefined();
    expect(stopped.history.at(-1)).toMatchObject({
      action: 'STOP',
      fromStatus: 'IN_PROGRESS',
      toStatus: 'STOPPED',
      actor: 'local-agency-commune',
      note,
    });
  });

  it('the agency STOPs a dossier waiting for a supplement or for payment', async () => {
    for (const [request, body] of [
      ['SUPPLEMENT_REQUESTED', { action: 'REQUEST_SUPPLEMENT', note: 'Thiếu tờ khai' }],
      [
        'PAYMENT_REQUESTED',
        { action: 'REQUEST_PAYMENT', fees: [{ code: 'LLTP', name: 'Phí', amount: 200_000 }] },
      ],
    ] as const) {
      const { dossierCode: code } = await fileCriminalRecord();
      await actOk(code, tokens.police, { action: 'START' });
      expect(await actOk(code, tokens.police, body)).toMatchObject({ status: request });
      const stopped = await actOk(code, tokens.police, { action: 'STOP', note: 'Dừng theo đề nghị' });
      expect(stopped).toMatchObject({ status: 'STOPPED', statusCode: 8, version: 4 });
      expect(stopped.history.at(-1)).toMatchObject({ fromStatus: request, toStatus: 'STOPPED' });
    }
  });
});

describe('withdraw', () => {
  it('the portal withdraws a SUBMITTED dossier', async () => {
    const { dossierCode: code } = await fileOnline();
    const withdrawn = await actOk(code, tokens.portal, { action: 'WITHDRAW', expectedVersion: 1 });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', statusCode: 7, version: 2 });
    expect(withdrawn.finishedAt).toBeDefined();
    expect(withdrawn.history.at(-1)).toMatchObject({
      action: 'WITHDRAW',
      actor: 'local-portal',
      fromStatus: 'SUBMITTED',
    });
  });

  it('the center withdraws an IN_PROGRESS dossier', async () => {
    const { dossierCode: code } = await fileOnline();
    await actOk(code, tokens.center, { action: 'ACCEPT' });
    const started = await waitForStatus(code, 'IN_PROGRESS');
    const withdrawn = await actOk(code, tokens.center, {
      action: 'WITHDRAW',
      expectedVersion: started.version,
    });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', statusCode: 7, version: started.version + 1 });
    expect(withdrawn.history.at(-1)).toMatchObject({
      action: 'WITHDRAW',
      actor: 'local-center-hong-gai',
      fromStatus: 'IN_PROGRESS',
      toStatus: 'WITHDRAWN',
    });
  });

  it('the center withdraws a RECEIVED dossier still on the agency worklist', async () => {
    const { dossierCode: code } = await fileCriminalRecord();
    const withdrawn = await actOk(code, tokens.center, { action: 'WITHDRAW', expectedVersion: 1 });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    expect(withdrawn.history.at(-1)).toMatchObject({ fromStatus: 'RECEIVED', toStatus: 'WITHDRAWN' });
  });
});

describe('refuse', () => {
  it('the center refuses a SUBMITTED ONLINE dossier with a note (and not without one)', async () => {
    const { dossierCode: code } = await fileOnline();
    const noNote = await act(code, tokens.center, { action: 'REFUSE' });
    expect(expectProblem(noNote, 400).errors).toContainEqual(expect.objectContaining({ path: 'note' }));

    const note = 'Hồ sơ không thuộc thẩm quyền tiếp nhận';
    const refused = await actOk(code, tokens.center, { action: 'REFUSE', expectedVersion: 1, note });
    expect(refused).toMatchObject({ status: 'NOT_RECEIVED', statusCode: 3, version: 2 });
    expect(refused.receivedAt).toBeUndefined();
    expect(refused.dueAt).toBeUndefined();
    expect(refused.history.at(-1)).toMatchObject({
      action: 'REFUSE',
      actor: 'local-center-hong-gai',
      fromStatus: 'SUBMITTED',
      toStatus: 'NOT_RECEIVED',
      note,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals

describe('refusals', () => {
  it('409 with currentStatus and version: RESOLVE from RECEIVED, ACCEPT after WITHDRAWN, a stale expectedVersion', async () => {
    const received = await fileCriminalRecord();
    const early = await act(received.dossierCode, tokens.police, {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01' }],
    });
    expect(expectProblem(early, 409)).toMatchObject({ status: 409, currentStatus: 'RECEIVED', version: 1 });

    const withdrawn = await fileOnline();
    await actOk(withdrawn.dossierCode, tokens.portal, { action: 'WITHDRAW' });
    const late = await act(withdrawn.dossierCode, tokens.center, { action: 'ACCEPT' });
    expect(expectProblem(late, 409)).toMatchObject({ currentStatus: 'WITHDRAWN', version: 2 });

    await actOk(received.dossierCode, tokens.police, { action: 'START', expectedVersion: 1 });
    const stale = await act(received.dossierCode, tokens.police, {
      action: 'STOP',
      expectedVersion: 1,
      note: 'dựa trên bản cũ',
    });
    expect(expectProblem(stale, 409)).toMatchObject({ currentStatus: 'IN_PROGRESS', version: 2 });
    expect(await read(received.dossierCode)).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
  });

  it('403 for an action the profile may never take (the portal STARTing, a center RESOLVING)', async () => {
    const { dossierCode: code } = await fileOnline();
    expectProblem(await act(code, tokens.portal, { action: 'START' }), 403);
    expectProblem(
      await act(code, tokens.center, { action: 'RESOLVE', documents: [{ documentCode: 'KQ01' }] }),
      403,
    );
    expectProblem(await act(code, tokens.admin, { action: 'ACCEPT' }), 403);
    expect(await read(code)).toMatchObject({ status: 'SUBMITTED', version: 1 });
  });

  it('an agency that does not decide the dossier: 404 when it cannot see it, 403 when it can', async () => {
    const { dossierCode: code } = await fileCriminalRecord();
    expectProblem(await act(code, tokens.commune, { action: 'START' }), 404);
    expectProblem(await api('GET', `/v1/dossiers/${code}`, { token: tokens.commune }), 404);
    // Another center cannot see it either.
    expectProblem(await act(code, tokens.otherCenter, { action: 'WITHDRAW' }), 404);
    expect(await read(code)).toMatchObject({ status: 'RECEIVED', version: 1 });
    // (403 for an agency that sees a dossier it does not decide: the post, in the payment path.)
  });

  it('an ONLINE dossier reaches its agency only once accepted: before that, and if refused, the agency cannot see it', async () => {
    const submitted = await fileOnline();
    expectProblem(await api('GET', `/v1/dossiers/${submitted.dossierCode}`, { token: tokens.commune }), 404);
    await actOk(submitted.dossierCode, tokens.center, { action: 'REFUSE', note: 'Hồ sơ không hợp lệ' });
    expectProblem(await api('GET', `/v1/dossiers/${submitted.dossierCode}`, { token: tokens.commune }), 404);
    const refusedOnWorklist = await api<Page>('GET', '/v1/dossiers?status=NOT_RECEIVED&limit=100', {
      token: tokens.commune,
    });
    expect(refusedOnWorklist.json.items.map((d) => d.dossierCode)).not.toContain(submitted.dossierCode);
  });

  it('input an action does not take is refused (fees on START), and supplied documents keep readable', async () => {
    const { dossierCode: code } = await fileCriminalRecord();
    const withFees = expectProblem(
      await act(code, tokens.police, {
        action: 'START',
        fees: [{ code: 'LP01', name: 'Lệ phí', amount: 1 }],
      }),
      400,
    );
    expect(withFees.errors).toEqual([expect.objectContaining({ path: 'fees' })]);
    await actOk(code, tokens.police, { action: 'START' });
    await actOk(code, tokens.police, { action: 'REQUEST_SUPPLEMENT', note: 'Bổ sung tờ khai' });
    const supplied = await actOk(code, tokens.center, {
      action: 'SUPPLEMENT',
      documents: [{ documentCode: 'TP01', name: 'Tờ khai' }],
    });
    expect(supplied.documents.filter((d) => d.documentCode === 'TP01')).toEqual([
      { documentCode: 'TP01', digitized: false },
    ]);
    expect(supplied.documents).toHaveLength(criminalRecordDocuments.length);
    expect((await read(code)).status).toBe('IN_PROGRESS');
  });
});

// ---------------------------------------------------------------------------------------------
// A delivery the agency keeps failing

describe('a delivery the agency system keeps failing', () => {
  const communeDlq = () => {
    const queue = AGENCY_QUEUES.find((q) => q.agencyId === 'commune');
    if (!queue) throw new Error('no commune queue in the topology');
    return `${inject('e2eSqsEndpoint')}/${LOCAL_ACCOUNT_ID}/${deadLetterQueueName(queue.id)}`;
  };
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    endpoint: inject('e2eSqsEndpoint'),
    credentials: localCredentials(inject('e2eAccessKeyId')),
  });
  afterAll(() => sqs.destroy());

  /** The routing messages in the commune DLQ (peeked: they stay visible). */
  async function deadLetters(): Promise<{ eventId?: string; dossierCode?: string }[]> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: communeDlq(),
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      }),
    );
    return Messages.map((m) => JSON.parse(m.Body ?? '{}') as { eventId?: string; dossierCode?: string });
  }

  it('is retried with backoff, 5 attempts in all, then dead-lettered; the agency’s other dossiers go through', async () => {
    const poisoned = await fileOnline({ summary: 'Đăng ký khai sinh (webhook luôn lỗi)' });
    const healthy = await fileOnline();
    // Told before ACCEPT routes it, so every delivery of it fails.
    await poisonDossier(poisoned.dossierCode);
    await actOk(poisoned.dossierCode, tokens.center, { action: 'ACCEPT' });
    await actOk(healthy.dossierCode, tokens.center, { action: 'ACCEPT' });

    // The other dossier, routed in the same period to the same agency, is started.
    const started = await waitForStatus(healthy.dossierCode, 'IN_PROGRESS');

    // Five attempts, 1, 2, 4 and 8 s apart at least, all of the same event, all refused.
    const attempts = await eventually(
      async () => {
        const hooks = await receivedWebhooks({ dossierCode: poisoned.dossierCode });
        expect(hooks.length).toBeGreaterThanOrEqual(5);
        return hooks;
      },
      { timeoutMs: 40_000, intervalMs: 500 },
    );
    const eventId = attempts[0]?.eventId;
    expect(eventId).toBeDefined();
    for (const [i, hook] of attempts.entries()) {
      expectSignedWebhook(hook);
      expect(hook).toMatchObject({
        agencyId: 'commune',
        reason: 'PROCESS',
        eventId,
        attempt: i + 1,
        status: 500,
      });
    }
    const times = attempts.map((h) => Date.parse(h.at));
    // Waits of 1, 2, 4 and 8 s. Each is measured between two arrivals at the receiver, so one
    // attempt's late arrival (a loaded machine) shortens the gap before the next by as much; the
    // emulator also keeps visibility in whole seconds (each wait up to a second short). So: the
    // attempts come in order, the waits grow (the last well past the first), and together they
    // span at least 15 s less those four seconds and a second of the first arrival's lateness.
    // Retries without backoff would come within a few seconds, or after the queue's visibility
    // timeout, past this test's wait.
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThan(0);
    expect(gaps.at(-1) ?? 0).toBeGreaterThan(gaps[0] ?? 0);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(15_000 - 4_000 - 1_000);
    const startedAt = Date.parse(started.history.find((h) => h.action === 'START')?.at ?? '');
    expect(startedAt).toBeLessThan(times.at(-1) ?? 0);

    // After the fifth, the message goes to the agency queue's DLQ: no more attempts.
    await eventually(
      async () => {
        expect(await deadLetters()).toContainEqual(expect.objectContaining({ eventId }));
      },
      { timeoutMs: 40_000, intervalMs: 500 },
    );
    const all = await receivedWebhooks({ dossierCode: poisoned.dossierCode });
    expect(all.map((h) => h.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(await read(poisoned.dossierCode)).toMatchObject({ status: 'RECEIVED', version: 2 });
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------
// Calendar

describe('PUT /v1/calendar/{year}', () => {
  const year2027 = {
    daysOff: [
      '2027-01-01',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-04-16',
    ],
    workingDays: ['2027-01-09'],
  };

  it('the admin stores a year', async () => {
    const response = await api('PUT', '/v1/calendar/2027', { token: tokens.admin, body: year2027 });
    expect(response.status, response.text).toBe(200);
    // With how many open dossiers it recomputed: those filed here whose due date reached into 2027.
    expect(response.json).toEqual({ year: 2027, ...year2027, recomputedDossiers: expect.any(Number) });
  });

  it('a center may not (403)', async () => {
    expectProblem(await api('PUT', '/v1/calendar/2027', { token: tokens.center, body: year2027 }), 403);
  });

  it('a make-up working day that is not a weekend day, or a date outside the year, gets 400', async () => {
    const weekday = await api('PUT', '/v1/calendar/2027', {
      token: tokens.admin,
      body: { daysOff: ['2027-01-01'], workingDays: ['2027-01-04'] },
    });
    expectProblem(weekday, 400);
    const outside = await api('PUT', '/v1/calendar/2027', {
      token: tokens.admin,
      body: { daysOff: ['2026-12-31'], workingDays: [] },
    });
    expectProblem(outside, 400);
  });
});
