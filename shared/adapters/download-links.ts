/**
 * Presigned GET links to verified documents without an S3 client: the download function only
 * signs (it never calls S3), and `@aws-sdk/client-s3` with its XML protocol is ≈ 200 KB of its
 * bundle (docs/architecture.md, Bundles). The SDK's own presigner (`S3RequestPresigner`, the one
 * `getSignedUrl` uses) signs a request built here as the client would build it: virtual-hosted
 * in AWS, path-style on an emulator endpoint (AWS_ENDPOINT_URL_S3), with the query parameters
 * the client adds. test/unit/download-links.test.ts checks that both give the same URL.
 */
import { formatUrl } from '@aws-sdk/core/util';
import type { fromEnv } from '@aws-sdk/credential-provider-env';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Hash } from '@smithy/core/serde';
import type { DownloadLinks } from '#shared/use-cases/ports.ts';
import { type BucketAddress, bucketUrl } from './bucket-url.ts';
import { downloadDisposition, verifiedKey } from './document-keys.ts';

export type DownloadLinksConfig = BucketAddress & {
  /** Where the signing credentials come from: in Lambda and locally, the environment (`fromEnv()`). */
  credentials: ReturnType<typeof fromEnv>;
};

/** S3's escaping of an object key in a path: every segment encoded, the slashes kept. */
const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export class PresignedDownloadLinks implements DownloadLinks {
  private readonly config: DownloadLinksConfig;
  private readonly presigner: S3RequestPresigner;

  constructor(config: DownloadLinksConfig) {
    this.config = config;
    this.presigner = new S3RequestPresigner({
      credentials: config.credentials,
      region: config.region,
      sha256: Hash.bind(null, 'sha256'),
    });
  }

  async presignDownload(attachmentId: string, fileName: string, expiresInSeconds: number): Promise<string> {
    const base = bucketUrl(this.config);
    const path = `${base.pathname}${keyPath(verifiedKey(attachmentId))}`;
    const host = base.host;
    const signed = await this.presigner.presign(
      {
        method: 'GET',
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path,
        query: {
          'response-content-disposition': downloadDisposition(fileName),
          // What the client adds to a GetObject: its default response checksum validation asks
          // S3 for the object's checksum headers, and the operation's name.
          'x-amz-checksum-mode': 'ENABLED',
          'x-id': 'GetObject',
        },
        headers: { host },
      },
      { expiresIn: expiresInSeconds },
    );
    return formatUrl(signed);
  }
}
