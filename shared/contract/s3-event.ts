import * as z from './zod.ts';

/**
 * The part of an S3 event notification the upload verifier reads: each record's object key.
 * Powertools Parser's S3Schema validates every field of the record and brings zod's whole
 * namespace (its locales included, ≈ 450 KB) into the bundle with it.
 */
export const S3ObjectKeysEventSchema = z.object({
  Records: z.array(z.object({ s3: z.object({ object: z.object({ key: z.string() }) }) })),
});
