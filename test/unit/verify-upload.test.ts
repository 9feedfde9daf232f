import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '#shared/domain/attachment.ts';
import { type VerifyDeps, verifyUpload } from '#shared/use-cases/attachments.ts';
import type { DocumentStorage } from '#shared/use-cases/ports.ts';
import { memoryAttachmentStore, verifiedAttachment } from '../fixtures/attachment-store.ts';
import { PDF, PNG } from '../fixtures/files.ts';

/** A bucket of pending and verified files in memory, with optional scan tags. */
function memoryStorage(pending: Record<string, Buffer>, tags: Record<string, string> = {}) {
  const verified = new Map<string, Buffer>();
  const storage: DocumentStorage = {
    async measurePending(id) {
      const file = pending[id];
      if (!file) return undefined;
      return {
        size: file.length,
        sha256: createHash('sha256').update(file).digest('hex'),
        head: file.subarray(0, 16),
        tail: file.subarray(-1024),
      };
    },
    scanResult: async (id) => tags[id],
    async promote(id) {
      const file = pending[id];
      if (file) verified.set(id, file);
      delete pending[id];
    },
    async discardPending(id) {
      delete pending[id];
    },
  };
  return { storage, pending, verified };
}

const pendingFor = (file: Buffer, overrides: Partial<Attachment> = {}): Attachment =>
  verifiedAttachment('a-1', 'local-portal', {
    status: 'PENDING',
    decidedAt: undefined,
    size: file.length,
    sha256: createHash('sha256').update(file).digest('hex'),
    ...overrides,
  });

const depsWith = (
  attachment: Attachment,
  bucket: ReturnType<typeof memoryStorage>,
  awaitMalwareScan = false,
) => {
  const attachments = memoryAttachmentStore([attachment]);
  const deps: VerifyDeps = {
    attachments,
    storage: bucket.storage,
    now: () => new Date('2025-07-15T02:00:00Z'),
    awaitMalwareScan,
  };
  return { deps, attachments };
};

describe('verifying an upload', () => {
  it('promotes a file as declared to verified/ and records VERIFIED', async () => {
    const bucket = memoryStorage({ 'a-1': PDF });
    const { deps, attachments } = depsWith(pendingFor(PDF), bucket);
    expect(await verifyUpload(deps, 'a-1')).toBe('VERIFIED');
    expect(attachments.items.get('a-1')).toMatchObject({
      status: 'VERIFIED',
      decidedAt: '2025-07-15T09:00:00+07:00',
    });
    expect(bucket.verified.has('a-1')).toBe(true);
    expect(bucket.pending).toEqual({});
  });

  it('rejects a mistyped file with its reason and deletes its bytes', async () => {
    const bucket = memoryStorage({ 'a-1': PNG });
    const { deps, attachments } = depsWith(pendingFor(PNG), bucket);
    expect(await verifyUpload(deps, 'a-1')).toBe('REJECTED');
    expect(attachments.items.get('a-1')).toMatchObject({
      status: 'REJECTED',
      reason: 'content is image/png, declared application/pdf',
    });
    expect(bucket.pending).toEqual({});
    expect(bucket.verified.size).toBe(0);
  });

  it('changes nothing on a repeated event', async () => {
    const bucket = memoryStorage({ 'a-1': PDF });
    const { deps, attachments } = depsWith(pendingFor(PDF), bucket);
    await verifyUpload(deps, 'a-1');
    const decided = structuredClone(attachments.items.get('a-1'));
    expect(await verifyUpload(deps, 'a-1')).toBe('ALREADY_DECIDED');
    expect(attachments.items.get('a-1')).toEqual(decided);
  });

  it('ignores keys of no attachment and uploads whose bytes are gone', async () => {
    const bucket = memoryStorage({});
    const { deps, attachments } = depsWith(pendingFor(PDF), bucket);
    expect(await verifyUpload(deps, 'unknown')).toBe('UNKNOWN');
    expect(await verifyUpload(deps, 'a-1')).toBe('GONE');
    expect(attachments.items.get('a-1')?.status).toBe('PENDING');
  });

  it('with the malware scan awaited, waits for its tag, then follows it', async () => {
    const bucket = memoryStorage({ 'a-1': PDF });
    const tags: Record<string, string> = {};
    bucket.storage.scanResult = async (id) => tags[id];
    const { deps, attachments } = depsWith(pendingFor(PDF), bucket, true);
    expect(await verifyUpload(deps, 'a-1')).toBe('AWAITING_SCAN');
    expect(attachments.items.get('a-1')?.status).toBe('PENDING');
    expect(bucket.pending['a-1']).toBeDefined();
    tags['a-1'] = 'THREATS_FOUND';
    expect(await verifyUpload(deps, 'a-1')).toBe('REJECTED');
    expect(attachments.items.get('a-1')).toMatchObject({ reason: 'malware scan: THREATS_FOUND' });
    expect(bucket.pending).toEqual({});
  });

  it('with the malware scan awaited, verifies a clean file', async () => {
    const bucket = memoryStorage({ 'a-1': PDF }, { 'a-1': 'NO_THREATS_FOUND' });
    const { deps } = depsWith(pendingFor(PDF), bucket, true);
    expect(await verifyUpload(deps, 'a-1')).toBe('VERIFIED');
  });
});
