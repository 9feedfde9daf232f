/**
 * What the Lambda bundles use in place of heavier modules: the credential chain reduced to the
 * environment (aliased for `@aws-sdk/credential-provider-node`), and the S3 event schema of the
 * upload verifier (instead of Powertools Parser's S3Schema).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3ObjectKeysEventSchema } from '#shared/contract/s3-event.ts';
import { defaultProvider } from '#shared/runtime/env-only-credential-chain.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the env-only credential chain', () => {
  it("resolves the credentials Lambda puts in the function's environment", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fails without them rather than looking anywhere else', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    await expect(defaultProvider()()).rejects.toThrow(/environment/i);
  });
});

describe('the S3 event schema of the upload verifier', () => {
  const record = (key: unknown) => ({
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Post',
    s3: { bucket: { name: 'documents' }, object: { key, size: 12, eTag: 'e' } },
  });

  it("keeps each record's object key", () => {
    const event = S3ObjectKeysEventSchema.parse({ Records: [record('pending/a%2Bb'), record('pending/c')] });
    expect(event.Records.map((r) => r.s3.object.key)).toEqual(['pending/a%2Bb', 'pending/c']);
  });

  it('rejects a record without an object key', () => {
    expect(() => S3ObjectKeysEventSchema.parse({ Records: [record(undefined)] })).toThrow();
  });
});
