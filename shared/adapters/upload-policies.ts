/**
 * Upload policies of the documents bucket: a presigned POST per pending upload. Apart from the
 * verifier's S3 adapter (document-storage.ts), so neither function bundles the other's code.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { Declaration } from '#shared/domain/attachment.ts';
import type { UploadPolicies } from '#shared/use-cases/ports.ts';
import { pendingKey } from './document-keys.ts';

/** The form field S3 checks the upload's SHA-256 against: base64 of the digest, not hex. */
export const checksumField = (sha256Hex: string) => Buffer.from(sha256Hex, 'hex').toString('base64');

export class S3UploadPolicies implements UploadPolicies {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async presignUpload(attachmentId: string, declaration: Declaration, expiresInSeconds: number) {
    const checksum = checksumField(declaration.sha256);
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: pendingKey(attachmentId),
      // Every field is also an exact-match condition of the policy (the key too): S3 refuses a
      // body of another length, type or SHA-256. Emulators do not check policies; the verifier does.
      Conditions: [['content-length-range', declaration.size, declaration.size]],
      Fields: {
        'Content-Type': declaration.contentType,
        'x-amz-checksum-algorithm': 'SHA256',
        'x-amz-checksum-sha256': checksum,
      },
      Expires: expiresInSeconds,
    });
    return { url, fields };
  }
}
