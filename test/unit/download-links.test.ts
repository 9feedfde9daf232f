/**
 * The download function signs its links without an S3 client (shared/adapters/download-links.ts):
 * each link must be the one the client's own `getSignedUrl` gives for the same object, in AWS
 * (virtual-hosted) and on an emulator endpoint (path-style), with and without a session token.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { downloadDisposition, verifiedKey } from '#shared/adapters/document-keys.ts';
import { PresignedDownloadLinks } from '#shared/adapters/download-links.ts';
import { BUCKET, SIGNING_CASES, sdkClientFor, signerConfigFor, useFixedClock } from '../fixtures/signing.ts';

const ATTACHMENT = '01JH2Z3X4Y5W6V7U8T9S0R1Q2P';
const FILE_NAME = 'Tờ khai đăng ký khai sinh (bản chính) #1.pdf';

useFixedClock();

describe('download links signed without an S3 client', () => {
  it.each(SIGNING_CASES)(
    '%s: the same URL as the client’s getSignedUrl',
    async (_case, endpoint, sessionToken) => {
      const client = sdkClientFor(endpoint, sessionToken);
      const expected = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: BUCKET,
          Key: verifiedKey(ATTACHMENT),
          ResponseContentDisposition: downloadDisposition(FILE_NAME),
        }),
        { expiresIn: 300 },
      );
      const links = new PresignedDownloadLinks(signerConfigFor(endpoint, sessionToken));
      const url = await links.presignDownload(ATTACHMENT, FILE_NAME, 300);
      expect(url).toBe(expected);
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    },
  );
});
