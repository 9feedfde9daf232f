/**
 * Uploads against fauxqs S3 and DynamoDB Local, through the handler modules Lambda runs: ask
 * for an upload, POST the bytes to the presigned URL, run the verifier on the S3 event, file an
 * ONLINE dossier with the verified files, resolve it with an agency's result file, download it.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3EventOf } from '#infra/local/uploads.ts';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { BIRTH_REGISTRATION, procedure, submission } from '../fixtures/catalog.ts';
import { PDF, PNG, sha256Hex } from '../fixtures/files.ts';
import { postUpload } from '../fixtures/upload.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const { resources } = useEmulators();
const clients = emulatorClients();
let create: ApiHandler;
let status: ApiHandler;
let download: ApiHandler;
let submit: ApiHandler;
let act: ApiHandler;
let verify: (event: unknown, context: Context) => Promise<{ outcomes: string[] }>;

beforeAll(async () => {
  create = (await import('#functions/api/create-attachment.ts')).handler as unknown as ApiHandler;
  status = (await import('#functions/api/get-attachment.ts')).handler as unknown as ApiHandler;
  download = (await import('#functions/api/download-attachment.ts')).handler as unknown as ApiHandler;
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as ApiHandler;
  act = (await import('#functions/api/act-on-dossier.ts')).handler as unknown as ApiHandler;
  verify = (await import('#functions/s3/verify-upload.ts')).handler as unknown as typeof verify;
});
afterAll(() => clients.destroy());

const PORTAL = 'local-portal';
const HONG_GAI = 'local-center-hong-gai';
const COMMUNE = 'local-agency-commune';

type Ticket = {
  attachmentId: string;
  status: string;
  upload: { url: string; fields: Record<string, string> };
};

const requestUpload = async (clientId: string, body: unknown) =>
  create(apiEvent({ method: 'POST', path: '/v1/attachments', clientId, body }), lambdaContext());

/** Asks for an upload declared from `declared`, POSTs `sent`, runs the verifier; the attachment id. */
async function upload(clientId: string, declared: Buffer, sent = declared, contentType = 'application/pdf') {
  const answer = await requestUpload(clientId, {
    fileName: 'tờ khai.pdf',
    contentType,
    size: declared.length,
    sha256: sha256Hex(declared),
  });
  expect(answer.statusCode, answer.body).toBe(201);
  const ticket = jsonOf(answer) as unknown as Ticket;
  const posted = await postUpload(ticket.upload, sent);
  expect(posted.status).toBeLessThan(300);
  const key = ticket.upload.fields.key ?? '';
  await verify(s3EventOf(resources.bucket, key, sent.length, resources.region), lambdaContext());
  return ticket.attachmentId;
}

const statusOf = async (clientId: string, attachmentId: string) =>
  status(
    apiEvent({ path: `/v1/attachments/${attachmentId}`, pathParameters: { attachmentId }, clientId }),
    lambdaContext(),
  );
const downloadAs = async (clientId: string, attachmentId: string) =>
  download(
    apiEvent({
      path: `/v1/attachments/${attachmentId}/download`,
      pathParameters: { attachmentId },
      clientId,
    }),
    lambdaContext(),
  );
const exists = (key: string) =>
  clients.s3.send(new HeadObjectCommand({ Bucket: resources.bucket, Key: key })).then(
    () => true,
    () => false,
  );

let keys = 0;
const submitAs = (clientId: string, body: unknown) =>
  submit(
    apiEvent({
      method: 'POST',
      path: '/v1/dossiers',
      clientId,
      headers: { 'Idempotency-Key': `att-${process.pid}-${Date.now()}-${++keys}` },
      body,
    }),
    lambdaContext(),
  );
const actAs = (clientId: string, dossierCode: string, body: unknown) =>
  act(actionEvent(clientId, dossierCode, body), lambdaContext());

const mandatory = procedure(BIRTH_REGISTRATION).documents.filter((d) => d.mandatory);

describe('an upload', () => {
  it('answers a presigned POST for a pending/ key that binds size, type and sha256', async () => {
    const answer = await requestUpload(PORTAL, {
      fileName: 'CCCD 022190000123.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256Hex(PDF),
    });
    expect(answer.statusCode).toBe(201);
    const ticket = jsonOf(answer) as unknown as Ticket;
    expect(ticket.status).toBe('PENDING');
    // The key is the attachment id alone: the file name (here with an ID number) is never in it.
    expect(ticket.upload.fields.key).toBe(`pending/${ticket.attachmentId}`);
    const policy = JSON.parse(Buffer.from(ticket.upload.fields.Policy ?? '', 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', PDF.length, PDF.length],
        { 'Content-Type': 'application/pdf' },
        { 'x-amz-checksum-sha256': Buffer.from(sha256Hex(PDF), 'hex').toString('base64') },
        { key: `pending/${ticket.attachmentId}` },
      ]),
    );
  });

  it('refuses a declaration out of bounds with 400 naming the field', async () => {
    const answer = await requestUpload(PORTAL, {
      fileName: 'a.gif',
      contentType: 'image/gif',
      size: 20 * 1024 * 1024 + 1,
      sha256: 'xyz',
    });
    expect(answer.statusCode).toBe(400);
    expect((jsonOf(answer).errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'contentType',
      'sha256',
      'size',
    ]);
  });

  it('becomes VERIFIED and moves to verified/ when its bytes match', async () => {
    const id = await upload(PORTAL, PDF);
    expect(jsonOf(await statusOf(PORTAL, id))).toMatchObject({ status: 'VERIFIED', size: PDF.length });
    expect(await exists(`verified/${id}`)).toBe(true);
    expect(await exists(`pending/${id}`)).toBe(false);
  });

  it('becomes REJECTED with its reason and its bytes gone when they do not', async () => {
    const id = await upload(PORTAL, PNG, PNG, 'application/pdf');
    expect(jsonOf(await statusOf(PORTAL, id))).toMatchObject({
      status: 'REJECTED',
      reason: 'content is image/png, declared application/pdf',
    });
    expect(await exists(`pending/${id}`)).toBe(false);
    expect(await exists(`verified/${id}`)).toBe(false);
    expect((await downloadAs(PORTAL, id)).statusCode).toBe(404);
  });

  it("is another client's business only through a dossier: 404 for them", async () => {
    const id = await upload(PORTAL, PDF);
    expect((await statusOf(HONG_GAI, id)).statusCode).toBe(404);
    expect((await downloadAs(HONG_GAI, id)).statusCode).toBe(404);
  });
});

describe('an ONLINE dossier with uploads, resolved with a result file', () => {
  it('files, resolves, and lets exactly the readers of the dossier download the result', async () => {
    const ids: string[] = [];
    for (const _ of mandatory) ids.push(await upload(PORTAL, PDF));
    const documents = mandatory.map((d, i) => ({ documentCode: d.code, attachmentId: ids[i] }));

    // A missing mandatory document is named.
    const missing = await submitAs(PORTAL, submission({ channel: 'ONLINE', documents: documents.slice(1) }));
    expect(missing.statusCode).toBe(422);
    expect(JSON.stringify(jsonOf(missing).errors)).toContain(`mandatory document ${mandatory[0]?.code}`);
    // Another client's upload is refused.
    const scan = await upload(HONG_GAI, PDF);
    const foreign = await submitAs(
      PORTAL,
      submission({
        channel: 'ONLINE',
        documents: [{ ...documents[0], attachmentId: scan }, ...documents.slice(1)] as never,
      }),
    );
    expect(foreign.statusCode).toBe(422);
    expect(jsonOf(foreign).errors).toEqual([
      { path: 'documents.0.attachmentId', message: `no attachment ${scan} uploaded by this client` },
    ]);

    const filed = await submitAs(PORTAL, submission({ channel: 'ONLINE', documents }));
    expect(filed.statusCode, filed.body).toBe(201);
    const code = String(jsonOf(filed).dossierCode);
    expect((jsonOf(filed).documents as { digitized: boolean }[]).every((d) => d.digitized)).toBe(true);
    // The center reads the citizen's files of a dossier at its center.
    expect((await downloadAs(HONG_GAI, ids[0] ?? '')).statusCode).toBe(200);

    expect((await actAs(HONG_GAI, code, { action: 'ACCEPT' })).statusCode).toBe(200);
    expect((await actAs(COMMUNE, code, { action: 'START' })).statusCode).toBe(200);
    const result = await upload(COMMUNE, PDF);
    // Only the agency's own verified uploads may be results.
    const borrowed = await actAs(COMMUNE, code, {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01', attachmentId: ids[0] }],
    });
    expect(borrowed.statusCode).toBe(422);
    const resolved = await actAs(COMMUNE, code, {
      action: 'RESOLVE',
      documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: result }],
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(jsonOf(resolved).results).toEqual([
      { documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: result },
    ]);

    const link = await downloadAs(PORTAL, result);
    expect(link.statusCode).toBe(200);
    const { url, expiresAt } = jsonOf(link) as { url: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(PDF);
    for (const other of ['local-center-bai-chay', 'local-agency-police', 'local-agency-tax']) {
      expect((await downloadAs(other, result)).statusCode, other).toBe(404);
    }
  });
});
