/**
 * `npm run redrive -- <queue> --local` against fauxqs: every message of the DLQ goes back to its
 * queue, body and attributes intact, and the DLQ is left empty; any queue named after the
 * convention works (here a `portal-sync` queue the topology does not have yet).
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureQueueWithDlq } from '#infra/local/provision.ts';
import { main, redriveLocally, redriveTarget } from '#infra/ops/redrive.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

const { resources } = useEmulators();
const clients = emulatorClients();
afterAll(() => clients.destroy());

async function drain(url: string): Promise<{ body: string; kind: string | undefined }[]> {
  const seen: { body: string; kind: string | undefined }[] = [];
  for (;;) {
    const { Messages: messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (messages.length === 0) return seen;
    for (const m of messages) seen.push({ body: m.Body ?? '', kind: m.MessageAttributes?.kind?.StringValue });
  }
}

describe('redrive (local)', () => {
  it('moves every DLQ message back to its queue, with its attributes, and empties the DLQ', async () => {
    const queueId = `portal-sync-${randomUUID().slice(0, 8)}`;
    const queue = await ensureQueueWithDlq(
      clients.sqs,
      resources.endpoints.sqs,
      { id: queueId, agencyId: 'post', maxReceiveCount: 3, visibilityTimeoutSeconds: 60 },
      {},
    );
    const bodies = Array.from({ length: 23 }, (_, i) => JSON.stringify({ eventId: `e-${i}` }));
    for (const body of bodies) {
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.deadLetter.url,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'status-sync' } },
        }),
      );
    }

    const target = redriveTarget('motcua', queueId);
    expect(target).toEqual({ source: queue.name, deadLetter: queue.deadLetter.name });
    expect(await redriveLocally(clients.sqs, target)).toBe(bodies.length);

    const moved = await drain(queue.url);
    expect(moved.map((m) => m.body).sort()).toEqual([...bodies].sort());
    expect(moved.every((m) => m.kind === 'status-sync')).toBe(true);
    expect(await drain(queue.deadLetter.url)).toEqual([]);
  });

  it('the command line: redrives through the endpoint it is given, and says so', async () => {
    const queueId = `agency-land-registry-${randomUUID().slice(0, 8)}`;
    const queue = await ensureQueueWithDlq(
      clients.sqs,
      resources.endpoints.sqs,
      { id: queueId, agencyId: 'land-registry', maxReceiveCount: 3, visibilityTimeoutSeconds: 60 },
      {},
    );
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queue.deadLetter.url, MessageBody: '{"n":1}' }),
    );
    const out = await main([queueId, '--local', '--endpoint', resources.endpoints.sqs]);
    expect(out).toBe(`moved 1 message(s) from ${queue.deadLetter.name} to ${queue.name}\n`);
    expect((await drain(queue.url)).map((m) => m.body)).toEqual(['{"n":1}']);
  });

  it('npm run redrive -- portal-sync --local: the provisioned portal sync DLQ goes back to its queue', async () => {
    const queue = resources.serviceQueues['portal-sync'];
    expect(queue?.name).toBe('motcua-portal-sync');
    if (!queue) return;
    const body = JSON.stringify({
      dossierCode: `000.21.01.H49-261128-${randomUUID().slice(0, 4)}`,
      version: 3,
    });
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.deadLetter.url, MessageBody: body }));
    const out = await main(['portal-sync', '--local', '--endpoint', resources.endpoints.sqs]);
    expect(out).toMatch(/^moved [1-9]\d* message\(s\) from motcua-portal-sync-dlq to motcua-portal-sync\n$/);
    // Other tests' routers queue sync messages here too: ours is among them, and the DLQ is empty.
    expect((await drain(queue.url)).map((m) => m.body)).toContain(body);
    expect(await drain(queue.deadLetter.url)).toEqual([]);
  });

  it('a queue that does not exist is named in the error; nothing else happens', async () => {
    await expect(main(['no-such-queue', '--local', '--endpoint', resources.endpoints.sqs])).rejects.toThrow(
      'queue motcua-no-such-queue not found',
    );
  });
});
