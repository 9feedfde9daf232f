/**
 * S3 event notifications of the documents bucket, played locally (topology UPLOAD_NOTIFICATIONS).
 * fauxqs has none: its message spy reports each object `uploaded` (PutObject, a presigned POST,
 * CopyObject's destination), and this turns the ones under a notification's prefix into the S3
 * event record Lambda receives in AWS, for the same handler. A failed invocation is retried
 * twice, 1 s and 2 s later, as Lambda retries asynchronous invocations. On start, what is
 * already under a prefix is notified once (uploads an earlier run never got to; the verifier
 * answers "already decided" for the rest).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import type { MessageSpyReader, SpyMessage } from 'fauxqs';
import { DOCUMENT_PREFIXES, UPLOAD_NOTIFICATIONS, type UploadNotificationSpec } from '#infra/topology.ts';
import { LOCAL_ACCOUNT_ID } from './constants.ts';
import { describeError, type Log, silentLog } from './log.ts';
import type { Poller } from './pollers.ts';

export type UploadNotifierOptions = {
  spy: MessageSpyReader;
  s3: S3Client;
  bucket: string;
  region: string;
  invoke: (functionId: string, event: unknown) => Promise<unknown>;
  notifications?: readonly UploadNotificationSpec[];
  log?: Log;
};

/** How long one wait on the spy lasts before the loop looks whether it should stop. */
const WAIT_MS = 1_000;
const RETRY_DELAYS_MS = [1_000, 2_000];

/** The record S3 sends for an object created by a browser POST (as Lambda receives it). */
export function s3EventOf(bucket: string, key: string, size: number | undefined, region: string): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: `AWS:${LOCAL_ACCOUNT_ID}` },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local-upload-notification',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: LOCAL_ACCOUNT_ID },
            arn: `arn:aws:s3:::${bucket}`,
          },
          // S3 URL-encodes keys in events, spaces as `+`.
          object: {
            key: encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+'),
            size: size ?? 0,
            eTag: '',
            sequencer: Date.now().toString(16).toUpperCase(),
          },
        },
      },
    ],
  };
}

export function startUploadNotifier(options: UploadNotifierOptions): Poller {
  const log = options.log ?? silentLog;
  const notifications = options.notifications ?? UPLOAD_NOTIFICATIONS;
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const seen = new WeakSet<SpyMessage>();

  const matching = (key: string) => notifications.filter((n) => key.startsWith(DOCUMENT_PREFIXES[n.prefix]));

  const notify = (key: string, size?: number) => {
    for (const notification of matching(key)) {
      const run = (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            await options.invoke(notification.function, s3EventOf(options.bucket, key, size, options.region));
            return;
          } catch (error) {
            const wait = RETRY_DELAYS_MS[attempt];
            if (wait === undefined || controller.signal.aborted) {
              log.warn('upload notification failed', {
                function: notification.function,
                error: describeError(error),
              });
              return;
            }
            await delay(wait, undefined, { signal: controller.signal }).catch(() => undefined);
          }
        }
      })();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }
  };

  const isUpload = (message: SpyMessage) =>
    message.service === 's3' &&
    message.status === 'uploaded' &&
    message.bucket === options.bucket &&
    !seen.has(message) &&
    matching(message.key).length > 0;

  const loop = (async () => {
    // What is there already (uploads of an earlier run that were never checked).
    for (const notification of notifications) {
      let token: string | undefined;
      do {
        const page = await options.s3
          .send(
            new ListObjectsV2Command({
              Bucket: options.bucket,
              Prefix: DOCUMENT_PREFIXES[notification.prefix],
              ContinuationToken: token,
            }),
          )
          .catch((error: unknown) => {
            log.warn('could not list pending uploads', { error: describeError(error) });
            return undefined;
          });
        for (const object of page?.Contents ?? []) if (object.Key) notify(object.Key, object.Size);
        token = page?.NextContinuationToken;
      } while (token);
    }
    while (!controller.signal.aborted) {
      const message = await options.spy.waitForMessage(isUpload, undefined, WAIT_MS).catch(() => undefined);
      if (message?.service !== 's3' || seen.has(message)) continue;
      seen.add(message);
      notify(message.key);
    }
  })();

  return {
    stop: async () => {
      controller.abort();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
  };
}
