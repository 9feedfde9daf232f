import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { DOCUMENT_PREFIXES, MALWARE_SCAN_ENV } from '#shared/config/runtime-names.ts';
import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { documentStorage } from '#shared/config/services/document-storage.ts';
import { S3ObjectKeysEventSchema } from '#shared/contract/s3-event.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { verifyUpload } from '#shared/use-cases/attachments.ts';

/** S3 event keys are URL-encoded, with `+` for a space. */
const decodeKey = (key: string) => decodeURIComponent(key.replaceAll('+', ' '));

/**
 * Upload verifier (S3 ObjectCreated on pending/; with the malware scan awaited, also its
 * tagging events): measures each upload and records VERIFIED or REJECTED. A record that fails
 * fails the invocation after the others ran, so Lambda's retries of the event redo it (every
 * step is idempotent).
 */
export const handler = middy(async (event: unknown) => {
  const { Records } = S3ObjectKeysEventSchema.parse(event);
  const deps = {
    attachments: attachmentStore(),
    storage: documentStorage(),
    now: () => new Date(),
    awaitMalwareScan: process.env[MALWARE_SCAN_ENV] === 'GUARDDUTY',
  };
  const outcomes: string[] = [];
  let failed = 0;
  for (const record of Records) {
    const key = decodeKey(record.s3.object.key);
    if (!key.startsWith(DOCUMENT_PREFIXES.pending)) continue;
    const attachmentId = key.slice(DOCUMENT_PREFIXES.pending.length);
    try {
      const outcome = await verifyUpload(deps, attachmentId);
      outcomes.push(outcome);
      logger.info('upload checked', { attachmentId, outcome });
    } catch (error) {
      failed++;
      logger.error('upload check failed', { attachmentId, error });
    }
  }
  if (failed > 0) throw new Error(`${failed} of ${Records.length} uploads could not be checked`);
  return { outcomes };
}).use(injectLambdaContext(logger, { resetKeys: true }));
