/**
 * Upload policies of the documents bucket: a presigned POST per pending upload, signed without
 * an S3 client (the function only signs; `@aws-sdk/client-s3` is ≈ 150 KB of a bundle, see
 * docs/architecture.md, Bundles). The policy and its fields are built as the SDK's
 * `createPresignedPost` builds them, and signed with SigV4's signing key for S3;
 * test/unit/upload-policies.test.ts checks that both give the same URL and fields. Apart from
 * the verifier's S3 adapter (document-storage.ts), so neither function bundles the other's code.
 */
import type { fromEnv } from '@aws-sdk/credential-provider-env';
import { Hash, toHex, toUint8Array } from '@smithy/core/serde';
import { createScope, getSigningKey } from '@smithy/signature-v4';
import type { Declaration } from '#shared/domain/attachment.ts';
import type { UploadPolicies } from '#shared/use-cases/ports.ts';
import { type BucketAddress, bucketUrl } from './bucket-url.ts';
import { pendingKey } from './document-keys.ts';

/** The form field S3 checks the upload's SHA-256 against: base64 of the digest, not hex. */
export const checksumField = (sha256Hex: string) => Buffer.from(sha256Hex, 'hex').toString('base64');

export type UploadPoliciesConfig = BucketAddress & {
  /** Where the signing credentials come from: in Lambda and locally, the environment (`fromEnv()`). */
  credentials: ReturnType<typeof fromEnv>;
};

const sha256 = Hash.bind(null, 'sha256');
/** ISO 8601 without milliseconds, as the policy's expiration; without separators, as X-Amz-Date. */
const iso8601 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class PresignedUploadPolicies implements UploadPolicies {
  private readonly config: UploadPoliciesConfig;

  constructor(config: UploadPoliciesConfig) {
    this.config = config;
  }

  async presignUpload(attachmentId: string, declaration: Declaration, expiresInSeconds: number) {
    const { bucket, region } = this.config;
    const credentials = await this.config.credentials();
    const now = new Date();
    const signingDate = iso8601(now).replace(/[-:]/g, '');
    const shortDate = signingDate.slice(0, 8);
    const key = pendingKey(attachmentId);
    const fields: Record<string, string> = {
      'Content-Type': declaration.contentType,
      'x-amz-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': checksumField(declaration.sha256),
      bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${credentials.accessKeyId}/${createScope(shortDate, region, 's3')}`,
      'X-Amz-Date': signingDate,
      ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    };
    // Every field is also an exact-match condition of the policy (the key too): S3 refuses a body
    // of another length, type or SHA-256. Emulators do not check policies; the verifier does.
    const conditions = [
      ['content-length-range', declaration.size, declaration.size],
      ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
      { key },
    ];
    const policy = Buffer.from(
      JSON.stringify({ expiration: iso8601(new Date(now.getTime() + expiresInSeconds * 1000)), conditions }),
    ).toString('base64');
    const signingKey = await getSigningKey(sha256, credentials, shortDate, region, 's3');
    const hmac = new sha256(signingKey);
    hmac.update(toUint8Array(policy));
    const signature = toHex(await hmac.digest());
    // As the client forms it: the host's root in AWS, the bucket's path (no slash) on an emulator.
    const base = bucketUrl(this.config).href;
    const url = this.config.endpoint ? base.replace(/\/$/, '') : base;
    return { url, fields: { ...fields, key, Policy: policy, 'X-Amz-Signature': signature } };
  }
}
