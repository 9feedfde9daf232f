/**
 * Uploads over HTTP against `npm start -- --memory`: real multipart POSTs to the presigned URL
 * (fauxqs S3), the verifier driven by the runtime's upload events, and the ONLINE path from
 * upload to the agency's result file. The emulator checks no POST policy, so every rejection
 * here is the verifier's.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PNG, pdfOfSize, sha256Hex } from '../fixtures/files.ts';
import { postUpload, type UploadForm } from '../fixtures/upload.ts';
import { api, contractFetch, eventually, token } from './http.ts';

const MiB = 1024 * 1024;
type Ticket = { attachmentId: string; status: string; upload: UploadForm };
type Attachment = { attachmentId: string; status: string; reason?: string };

let portal: string;
let center: string;
let commune: string;
let otherCenter: string;
let police: string;
const s3 = new S3Client({
  region: 'ap-southeast-1',
  endpoint: inject('e2eSqsEndpoint'), // fauxqs serves SQS and S3 on one port
  forcePathStyle: true,
  credentials: { accessKeyId: inject('e2eAccessKeyId'), secretAccessKey: 'local' },
});

beforeAll(async () => {
  portal = await token('local-portal');
  center = await token('local-center-hong-gai');
  commune = await token('local-agency-commune');
  otherCenter = await token('local-center-bai-chay');
  police = await token('local-agency-police');
});
afterAll(() => s3.destroy());

/** Declares `declared`, uploads `sent` by a multipart POST, waits for the verdict. */
async function upload(
  bearer: string,
  declared: Buffer,
  sent: Buffer = declared,
  contentType = 'application/pdf',
) {
  const asked = await api<Ticket>('POST', '/v1/attachments', {
    token: bearer,
    body: { fileName: 'hồ sơ.pdf', contentType, size: declared.length, sha256: sha256Hex(declared) },
  });
  expect(asked.status, asked.text).toBe(201);
  const posted = await postUpload(asked.json.upload, sent, 'hồ sơ.pdf', contractFetch);
  expect(posted.status).toBe(204);
  const decided = await eventually(
    async () => {
      const read = await api<Attachment>('GET', `/v1/attachments/${asked.json.attachmentId}`, {
        token: bearer,
      });
      expect(read.json.status).not.toBe('PENDING');
      return read.json;
    },
    { timeoutMs: 30_000 },
  );
  return { ...decided, key: asked.json.upload.fields.key ?? '' };
}

const stored = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: 'motcua-documents', Key: key })).then(
    () => true,
    () => false,
  );

describe('uploads checked by the verifier', () => {
  it('verifies a 20 MiB PDF and keeps it under verified/', async () => {
    const file = pdfOfSize(20 * MiB);
    const result = await upload(portal, file);
    expect(result).toMatchObject({ status: 'VERIFIED' });
    expect(await stored(`verified/${result.attachmentId}`)).toBe(true);
    expect(await stored(result.key)).toBe(false);
  });

  const rejections: [string, () => { declared: Buffer; sent: Buffer; type?: string }, RegExp][] = [
    [
      'a file of 20 MiB + 1 byte',
      () => ({ declared: pdfOfSize(20 * MiB), sent: pdfOfSize(20 * MiB + 1) }),
      /^larger than 20971520 bytes \(20971521\)$/,
    ],
    [
      'a PNG declared as a PDF',
      () => ({ declared: PNG, sent: PNG }),
      /^content is image\/png, declared application\/pdf$/,
    ],
    [
      'a truncated file',
      () => ({ declared: pdfOfSize(64 * 1024), sent: pdfOfSize(64 * 1024).subarray(0, 40 * 1024) }),
      /^size 40960 bytes, declared 65536$/,
    ],
    [
      'a file whose sha256 differs',
      () => {
        const sent = pdfOfSize(64 * 1024);
        const declared = Buffer.from(sent);
        declared[100] = 0x41;
        return { declared, sent };
      },
      /^sha256 differs from the declared one$/,
    ],
  ];
  for (const [name, make, reason] of rejections) {
    it(`rejects ${name}, with its reason, and deletes its bytes`, async () => {
      const { declared, sent, type } = make();
      const result = await upload(portal, declared, sent, type);
      expect(result.status).toBe('REJECTED');
      expect(result.reason).toMatch(reason);
      expect(await stored(result.key)).toBe(false);
      expect(await stored(`verified/${result.attachmentId}`)).toBe(false);
      expect(
        (await api('GET', `/v1/attachments/${result.attachmentId}/download`, { token: portal })).status,
      ).toBe(404);
    });
  }
});

const applicant = {
  type: 'CITIZEN',
  idNumber: '022190000123',
  fullName: 'Nguyễn Văn An',
  address: 'Tổ 1, khu 2, phường Hồng Gai',
};
let keys = 0;
const fileOnline = (body: Record<string, unknown>) =>
  api<{
    dossierCode: string;
    documents: { digitized: boolean }[];
    errors?: { path: string; message: string }[];
  }>('POST', '/v1/dossiers', {
    token: portal,
    headers: { 'idempotency-key': `e2e-att-${Date.now()}-${++keys}` },
    body: {
      centerId: 'hong-gai',
      channel: 'ONLINE',
      applicant,
      summary: 'Nộp trực tuyến',
      resultDelivery: 'ONLINE',
      ...body,
    },
  });

describe('the ONLINE path', () => {
  it('refuses an ONLINE dossier missing a mandatory document, naming it', async () => {
    const a = await upload(portal, pdfOfSize(2048));
    const answer = await fileOnline({
      procedureCode: '1.001193',
      documents: [{ documentCode: 'TP01', attachmentId: a.attachmentId }],
    });
    expect(answer.status).toBe(422);
    expect(answer.json.errors?.map((e) => e.message).join('\n')).toMatch(
      /mandatory document TP02 .* is missing/,
    );
  });

  it('files a PARTIAL procedure ONLINE and returns the agency’s result file to that portal only', async () => {
    // Marriage registration (1.000894): PARTIAL, two mandatory documents.
    const [tp01, tp02] = [await upload(portal, pdfOfSize(4096)), await upload(portal, pdfOfSize(8192))];
    const filed = await fileOnline({
      procedureCode: '1.000894',
      documents: [
        { documentCode: 'TP01', attachmentId: tp01?.attachmentId },
        { documentCode: 'TP02', attachmentId: tp02?.attachmentId },
      ],
    });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json.documents.map((d) => d.digitized)).toEqual([true, true]);
    const code = filed.json.dossierCode;
    const step = (bearer: string, body: unknown) =>
      api('POST', `/v1/dossiers/${code}/actions`, { token: bearer, body });
    expect((await step(center, { action: 'ACCEPT' })).status).toBe(200);
    // The commune system has a webhook here: its delivery STARTs the dossier, unless this START
    // comes first; either way it ends IN_PROGRESS once.
    expect([200, 409]).toContain((await step(commune, { action: 'START' })).status);
    await eventually(async () =>
      expect((await api('GET', `/v1/dossiers/${code}`, { token: commune })).json.status).toBe('IN_PROGRESS'),
    );
    const result = await upload(commune, pdfOfSize(3000));
    const resolved = await step(commune, {
      action: 'RESOLVE',
      documents: [
        { documentCode: 'KQ01', name: 'Giấy chứng nhận kết hôn', attachmentId: result.attachmentId },
      ],
    });
    expect(resolved.status, resolved.text).toBe(200);

    const link = await api<{ url: string }>('GET', `/v1/attachments/${result.attachmentId}/download`, {
      token: portal,
    });
    expect(link.status).toBe(200);
    const bytes = Buffer.from(await (await contractFetch(link.json.url)).arrayBuffer());
    expect(bytes.equals(pdfOfSize(3000))).toBe(true);
    for (const other of [otherCenter, police]) {
      expect(
        (await api('GET', `/v1/attachments/${result.attachmentId}/download`, { token: other })).status,
      ).toBe(404);
    }
  });
});
