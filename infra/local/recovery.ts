/**
 * Crash recovery for the local runtime's queues. With a data folder fauxqs keeps every message
 * in SQLite, including the ones a poller had received: after a hard kill they stay in flight
 * until their visibility timeout runs out (minutes for the agency queues). In AWS that timeout
 * is the only way back; locally a restart means the consumer that held them is gone, so on start,
 * before the pollers run, every in-flight message of the topology's queues is made visible again.
 */
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';
import { describeError, type Log, silentLog } from './log.ts';
import type { LocalResources, QueueResource } from './provision.ts';

/**
 * The visibility timeout a released message gets. Not 0: with a data folder fauxqs fails
 * ChangeMessageVisibility to 0 (its SQLite row update writes NULL into a NOT NULL column).
 */
export const RELEASED_VISIBILITY_SECONDS = 1;

/** SQS's batch limit. */
const BATCH_SIZE = 10;

/** Every queue the local runtime provisioned: agency and portal sync queues, their DLQs, on-failure queues. */
export function topologyQueues(resources: LocalResources): QueueResource[] {
  return [
    ...Object.values(resources.agencyQueues).flatMap((queue) => [queue, queue.deadLetter]),
    ...Object.values(resources.failureQueues),
    ...Object.values(resources.serviceQueues ?? {}).flatMap((queue) => [queue, queue.deadLetter]),
  ];
}

export type ReleaseOptions = {
  /** The fauxqs server: its inspectQueue() lists in-flight messages with their receipt handles. */
  fauxqs: Pick<FauxqsServer, 'inspectQueue'>;
  sqs: SQSClient;
  queues: readonly QueueResource[];
  log?: Log;
};

/** Makes every in-flight message of `queues` visible again within a second; returns how many. */
export async function releaseInFlightMessages(options: ReleaseOptions): Promise<number> {
  const log = options.log ?? silentLog;
  let released = 0;
  for (const queue of options.queues) {
    const handles = (options.fauxqs.inspectQueue(queue.name)?.messages.inflight ?? []).map(
      (entry) => entry.receiptHandle,
    );
    for (let start = 0; start < handles.length; start += BATCH_SIZE) {
      const batch = handles.slice(start, start + BATCH_SIZE);
      try {
        const result = await options.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queue.url,
            Entries: batch.map((handle, i) => ({
              Id: String(i),
              ReceiptHandle: handle,
              VisibilityTimeout: RELEASED_VISIBILITY_SECONDS,
            })),
          }),
        );
        released += result.Successful?.length ?? 0;
      } catch (error) {
        // Not released: those messages come back after their visibility timeout, as in AWS.
        log.warn(`cannot release in-flight messages of ${queue.name}`, { error: describeError(error) });
      }
    }
  }
  if (released > 0) log.info('messages left in flight by an earlier run are visible again', { released });
  return released;
}
