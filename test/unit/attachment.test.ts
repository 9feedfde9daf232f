import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Attachment,
  attachmentErrors,
  endsComplete,
  judgeUpload,
  MAX_ATTACHMENT_BYTES,
  type Measured,
  mayRead,
  type ReferencingDossier,
  sniffType,
} from '#shared/domain/attachment.ts';
import { verifiedAttachment } from '../fixtures/attachment-store.ts';
import { principals } from '../fixtures/catalog.ts';
import { bytes, JPEG, PDF, PNG } from '../fixtures/files.ts';

const measure = (file: Buffer): Measured => ({
  size: file.length,
  sha256: createHash('sha256').update(file).digest('hex'),
  head: file.subarray(0, 16),
  tail: file.subarray(-1024),
});
const declare = (file: Buffer, contentType: Attachment['contentType']) => ({
  contentType,
  size: file.length,
  sha256: createHash('sha256').update(file).digest('hex'),
});

describe('file types by their first bytes', () => {
  it('recognises PDF, PNG and JPEG, and nothing else', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(bytes('GIF89a'))).toBeUndefined();
    expect(sniffType(bytes('%PD'))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
  });

  it('knows a complete file by its end marker', () => {
    expect(endsComplete('application/pdf', PDF)).toBe(true);
    expect(endsComplete('application/pdf', PDF.subarray(0, -4))).toBe(false);
    expect(endsComplete('image/png', PNG)).toBe(true);
    expect(endsComplete('image/png', PNG.subarray(0, -1))).toBe(false);
    expect(endsComplete('image/jpeg', JPEG)).toBe(true);
    expect(endsComplete('image/jpeg', JPEG.subarray(0, -1))).toBe(false);
  });
});

describe('an upload judged against its declaration', () => {
  it('verifies a file whose size, type and sha256 are as declared', () => {
    for (const [file, type] of [
      [PDF, 'application/pdf'],
      [PNG, 'image/png'],
      [JPEG, 'image/jpeg'],
    ] as const) {
      expect(judgeUpload(declare(file, type), measure(file))).toEqual({ status: 'VERIFIED' });
    }
  });

  it('rejects a file over 20 MiB, whatever was declared', () => {
    const measured = { ...measure(PDF), size: MAX_ATTACHMENT_BYTES + 1 };
    expect(
      judgeUpload({ ...declare(PDF, 'application/pdf'), size: MAX_ATTACHMENT_BYTES + 1 }, measured),
    ).toEqual({
      status: 'REJECTED',
      reason: `larger than ${MAX_ATTACHMENT_BYTES} bytes (${MAX_ATTACHMENT_BYTES + 1})`,
    });
  });

  it('rejects a size other than the declared one', () => {
    const cut = PDF.subarray(0, 50);
    expect(judgeUpload(declare(PDF, 'application/pdf'), measure(cut))).toEqual({
      status: 'REJECTED',
      reason: `size 50 bytes, declared ${PDF.length}`,
    });
  });

  it('rejects a PNG declared as a PDF, and a file of no accepted type', () => {
    expect(judgeUpload(declare(PNG, 'application/pdf'), measure(PNG))).toEqual({
      status: 'REJECTED',
      reason: 'content is image/png, declared application/pdf',
    });
    const text = bytes('hello world');
    expect(judgeUpload(declare(text, 'application/pdf'), measure(text))).toMatchObject({
      status: 'REJECTED',
      reason: 'content is not a PDF, JPEG or PNG file, declared application/pdf',
    });
  });

  it('rejects a truncated file even when it was declared as cut', () => {
    const cut = PDF.subarray(0, -4);
    expect(judgeUpload(declare(cut, 'application/pdf'), measure(cut))).toEqual({
      status: 'REJECTED',
      reason: 'the application/pdf file is truncated (its end marker is missing)',
    });
  });

  it('rejects bytes whose sha256 is not the declared one', () => {
    const tampered = Buffer.from(PDF);
    tampered[20] = 0x79;
    expect(judgeUpload(declare(PDF, 'application/pdf'), measure(tampered))).toEqual({
      status: 'REJECTED',
      reason: 'sha256 differs from the declared one',
    });
  });

  it('compares the sha256 without regard to case', () => {
    const declared = declare(PDF, 'application/pdf');
    expect(judgeUpload({ ...declared, sha256: declared.sha256.toUpperCase() }, measure(PDF)).status).toBe(
      'VERIFIED',
    );
  });
});

describe('attachments named by a request', () => {
  const found = new Map(
    [
      verifiedAttachment('mine', 'local-portal'),
      verifiedAttachment('theirs', 'local-center-hong-gai'),
      verifiedAttachment('waiting', 'local-portal', { status: 'PENDING' }),
    ].map((a) => [a.attachmentId, a]),
  );

  it('accepts verified uploads of the caller and documents without attachment', () => {
    expect(
      attachmentErrors(
        [{ documentCode: 'TP01', attachmentId: 'mine' }, { documentCode: 'TP02' }],
        found,
        'local-portal',
      ),
    ).toEqual([]);
  });

  it('names each unusable one at its path', () => {
    expect(
      attachmentErrors(
        [
          { documentCode: 'TP01', attachmentId: 'theirs' },
          { documentCode: 'TP02', attachmentId: 'waiting' },
          { documentCode: 'TP03', attachmentId: 'nowhere' },
        ],
        found,
        'local-portal',
      ).map((e) => e.path),
    ).toEqual(['documents.0.attachmentId', 'documents.1.attachmentId', 'documents.2.attachmentId']);
  });
});

describe('who may read an upload', () => {
  const result = verifiedAttachment('result-1', principals.commune.clientId, { dossiers: ['D-1'] });
  const filed: ReferencingDossier = {
    centerId: 'hong-gai',
    submittedBy: principals.portal.clientId,
    routedTo: ['commune'],
    agencyId: 'commune',
    competentUnitId: 'hong-gai-pc',
    documents: [],
    results: [{ documentCode: 'KQ01', attachmentId: 'result-1' }],
  };

  it('is its uploader', () => {
    expect(mayRead(principals.commune, result, [])).toBe(true);
  });

  it('is every reader of a dossier that lists it: the portal that filed it, its center', () => {
    expect(mayRead(principals.portal, result, [filed])).toBe(true);
    expect(mayRead(principals.hongGai, result, [filed])).toBe(true);
  });

  it('is nobody else', () => {
    expect(mayRead(principals.baiChay, result, [filed])).toBe(false);
    expect(mayRead(principals.police, result, [filed])).toBe(false);
    expect(mayRead({ ...principals.portal, clientId: 'another-portal' }, result, [filed])).toBe(false);
  });

  it('is not granted by a dossier that does not list it (a noted use that never committed)', () => {
    expect(mayRead(principals.portal, result, [{ ...filed, results: [] }])).toBe(false);
  });
});
