/**
 * The attachment function signs its upload policies without an S3 client
 * (shared/adapters/upload-policies.ts): each must be the presigned POST the SDK's own
 * `createPresignedPost` gives for the same upload, in AWS (virtual-hosted) and on an emulator
 * endpoint (path-style), with and without a session token.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { pendingKey } from '#shared/adapters/document-keys.ts';
import { checksumField, PresignedUploadPolicies } from '#shared/adapters/upload-policies.ts';
import type { Declaration } from '#shared/domain/attachment.ts';
import { BUCKET, SIGNING_CASES, sdkClientFor, signerConfigFor, useFixedClock } from '../fixtures/signing.ts';

const ATTACHMENT = '0b9f6c2e-3f1a-4c55-9d1e-6f7a8b9c0d1e';
const DECLARATION: Declaration = {
  fileName: 'Tờ khai đăng ký khai sinh.pdf',
  contentType: 'application/pdf',
  size: 183_406,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

useFixedClock();

describe('upload policies signed without an S3 client', () => {
  it.each(SIGNING_CASES)(
    '%s: the same URL and fields as the SDK’s createPresignedPost',
    async (_case, endpoint, sessionToken) => {
      const client = sdkClientFor(endpoint, sessionToken);
      const expected = await createPresignedPost(client, {
        Bucket: BUCKET,
        Key: pendingKey(ATTACHMENT),
        Conditions: [['content-length-range', DECLARATION.size, DECLARATION.size]],
        Fields: {
          'Content-Type': DECLARATION.contentType,
          'x-amz-checksum-algorithm': 'SHA256',
          'x-amz-checksum-sha256': checksumField(DECLARATION.sha256),
        },
        Expires: 900,
      });
      const policies = new PresignedUploadPolicies(signerConfigFor(endpoint, sessionToken));
      const signed = await policies.presignUpload(ATTACHMENT, DECLARATION, 900);
      expect(signed).toEqual(expected);
      const policy = JSON.parse(Buffer.from(String(signed.fields.Policy), 'base64').toString());
      expect(policy.expiration).toBe('2026-07-15T01:45:00Z');
      expect(policy.conditions).toContainEqual(['content-length-range', 183_406, 183_406]);
    },
  );
});
