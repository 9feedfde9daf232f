/**
 * The base URL of a bucket as the S3 client addresses it: virtual-hosted in AWS, path-style on an
 * emulator endpoint (AWS_ENDPOINT_URL_S3). For the adapters that sign S3 requests without a
 * client (download-links.ts, upload-policies.ts).
 */
export type BucketAddress = {
  bucket: string;
  region: string;
  /** An emulator's endpoint (path-style addressing); unset: AWS, virtual-hosted. */
  endpoint?: string | undefined;
};

export const bucketUrl = ({ bucket, region, endpoint }: BucketAddress): URL =>
  endpoint
    ? new URL(`${endpoint.replace(/\/+$/, '')}/${bucket}/`)
    : new URL(`https://${bucket}.s3.${region}.amazonaws.com/`);
