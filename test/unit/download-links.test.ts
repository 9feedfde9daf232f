/**
 * The download function signs its links without an S3 client (shared/adapters/download-links.ts):
 * each link must be the one the client's own `getSignedUrl` gives for the same object, in AWS
 * (virtual-hosted) and on an emulator endpoint (path-style), with and without a session token.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadDisposition, verifiedKey } from '#shared/adapters/document-keys.ts';
import { PresignedDownloadLinks } from '#shared/adapters/download-links.ts';

const BUCKET = 'motcua-test-documentsbucket-1a2b3c4d5e6f';
const REGION = 'ap-southeast-1';
const ATTACHMENT = '01JH2Z3X4Y5W6V7U8T9S0R1Q2P';
const FILE_NAME = 'Tờ khai đăng ký khai sinh (bản chính) #1.pdf';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-15T01:30:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('download links signed without an S3 client', () => {
  it.each([
    ['in AWS', undefined, undefined],
    ['in AWS, with a session token (as in Lambda)', undefined, 'IQoJb3JpZ2luX2VjEJr//////////wEaDmFw'],
    ['on an emulator endpoint', 'http://127.0.0.1:4566', undefined],
  ])('%s: the same URL as the client’s getSignedUrl', async (_case, endpoint, sessionToken) => {
    const credentials = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ...(sessionToken ? { sessionToken } : {}),
    };
    const client = new S3Client({
      region: REGION,
      credentials,
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    });
    const expected = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: verifiedKey(ATTACHMENT),
        ResponseContentDisposition: downloadDisposition(FILE_NAME),
      }),
      { expiresIn: 300 },
    );
    const links = new PresignedDownloadLinks({
      bucket: BUCKET,
      region: REGION,
      credentials: async () => credentials,
      endpoint,
    });
    const url = await links.presignDownload(ATTACHMENT, FILE_NAME, 300);
    expect(url).toBe(expected);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
  });
});
