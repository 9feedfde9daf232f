/**
 * The documents bucket (S3): the verifier's one pass over an upload's bytes and its promotion to
 * `verified/`. Upload policies (upload-policies.ts) and download links (download-links.ts) live
 * apart, so each function bundles only the S3 code it runs.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  GetObjectTaggingCommand,
  NoSuchKey,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SCAN_TAG } from '#shared/use-cases/attachments.ts';
import type { DocumentStorage, UploadedObject } from '#shared/use-cases/ports.ts';
import { pendingKey, verifiedKey } from './document-keys.ts';

const HEAD_BYTES = 16;
const TAIL_BYTES = 1024;

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey || (error instanceof Error && /NoSuchKey|NotFound/.test(error.name));

export class S3DocumentStorage implements DocumentStorage {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async measurePending(attachmentId: string): Promise<UploadedObject | undefined> {
    let answer: GetObjectCommandOutput;
    try {
      answer = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: pendingKey(attachmentId) }),
      );
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    // One pass, constant memory: the digest, the size, the first and the last bytes.
    for await (const chunk of answer.Body as Readable) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, bytes.subarray(0, HEAD_BYTES - head.length)]);
      tail = Buffer.concat([tail, bytes]).subarray(-TAIL_BYTES);
    }
    return { size, sha256: hash.digest('hex'), head, tail, versionId: answer.VersionId };
  }

  async scanResult(attachmentId: string): Promise<string | undefined> {
    const { TagSet } = await this.s3.send(
      new GetObjectTaggingCommand({ Bucket: this.bucket, Key: pendingKey(attachmentId) }),
    );
    return TagSet?.find((tag) => tag.Key === SCAN_TAG)?.Value;
  }

  async promote(attachmentId: string, versionId: string | undefined): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: verifiedKey(attachmentId),
        CopySource: `${this.bucket}/${pendingKey(attachmentId)}`,
      }),
    );
    await this.discardPending(attachmentId, versionId);
  }

  async discardPending(attachmentId: string, versionId: string | undefined): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({
        Bucket: this.bucket,
        Key: pendingKey(attachmentId),
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
  }
}
