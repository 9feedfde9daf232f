/**
 * Fan-out through the local runtime's own event source mappings: DynamoDB Local's stream of the
 * dossiers table, read by the stream poller, into the router function; the agency queues
 * (fauxqs), read by the queue poller, into the agency handler; and the police webhook.
 *
 * The stream carries the changes of every test file running alongside this one, so the stream
 * consumer sees only this file's dossiers (their summary carries MARKER), as a Lambda event
 * filter would; and the routings go to agency queues of this file's own, so what is counted
 * on them is this file's alone.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Poller, startConsumers } from '#infra/local/pollers.ts';
import { type AgencyQueueResource, ensureQueueWithDlq, type LocalResources } from '#infra/local/provision.ts';
import { StateStore } from '#infra/local/state.ts';
import {
  AGENCY_QUEUE_URLS_ENV,
  AGENCY_QUEUES,
  AGENCY_WEBHOOKS_ENV,
  CONSUMERS,
  RETRY_BASE_SECONDS_ENV,
  WEBHOOK_SECRET_ENV,
} from '#infra/topology.ts';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { CRIMINAL_RECORD, submission } from '../fixtures/catalog.ts';
import { emulatorClients, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type History = { action: string }[];

const { resources } = useEmulators();
const clients = emulatorClients();

const RUN = randomUUID().slice(0, 8);
const MARKER = `[fan-out ${RUN}]`;

// This file's agency queues, each with its DLQ, dead-lettering after five receives (not the topology's day).
const queues: Record<string, AgencyQueueResource> = Object.fromEntries(
  await Promise.all(
    AGENCY_QUEUES.map(
      async (spec) =>
        [
          spec.id,
          await ensureQueueWithDlq(
            clients.sqs,
            resources.endpoints.sqs,
            { ...spec, id: `${spec.id}-${RUN}` },
            { queueVisibilitySeconds: 1, queueMaxReceives: 5 },
          ),
        ] as const,
    ),
  ),
);
const queueOf = (agencyId: string): AgencyQueueResource => {
  const queue = queues[`agency-${agencyId}`];
  if (!queue) throw new Error(`no queue for ${agencyId}`);
  return queue;
};
const fanOutResources: LocalResources = {
  ...resources,
  agencyQueues: queues,
  agencyQueueUrls: Object.fromEntries(Object.values(queues).map((q) => [q.spec.agencyId, q.url])),
};

// The police endpoint: answers 503 for a dossier marked `[fail]` until it is healed, else 204.
type WebhookCall = { eventId: string; dossierCode: string; status: number };
const webhookCalls: WebhookCall[] = [];
const healed = new Set<string>();
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    const { dossier } = JSON.parse(body) as { dossier: { dossierCode: string; summary: string } };
    const failing = dossier.summary.includes('[fail]') && !healed.has(dossier.dossierCode);
    response.statusCode = failing ? 503 : 204;
    webhookCalls.push({
      eventId: String(request.headers['x-motcua-event-id']),
      dossierCode: dossier.dossierCode,
      status: response.statusCode,
    });
    response.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

process.env[AGENCY_QUEUE_URLS_ENV] = JSON.stringify(fanOutResources.agencyQueueUrls);
process.env[AGENCY_WEBHOOKS_ENV] = JSON.stringify({
  police: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/police`,
});
process.env[WEBHOOK_SECRET_ENV] = 'fan-out-secret';
// The shortest backoff the agency handler allows: 1, 2, 4, 8, 16 s over the five receives.
process.env[RETRY_BASE_SECONDS_ENV] = '1';

let submit: ApiHandler;
let act: ApiHandler;
let read: ApiHandler;
let route: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
let deliver: (event: SQSEvent, context: Context) => Promise<unknown>;

/** The stream records the router was handed (and handled without error), in order. */
const routed: DynamoDBRecord[] = [];
/** The queue records the agency handler was handed. */
const delivered: SQSRecord[] = [];
const pollers: Poller[] = [];

const imageOf = (record: DynamoDBRecord) =>
  unmarshall((record.dynamodb?.NewImage ?? {}) as Record<string, AttributeValue>) as {
    entity?: string;
    dossierCode?: string;
    summary?: string;
    version?: number;
  };

beforeAll(async () => {
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as ApiHandler;
  act = (await import('#functions/api/act-on-dossier.ts')).handler as unknown as ApiHandler;
  read = (await import('#functions/api/get-dossier.ts')).handler as unknown as ApiHandler;
  route = (await import('#functions/stream/route-dossier-events.ts')).handler as unknown as typeof route;
  deliver = (await import('#functions/agency/deliver-to-agency.ts')).handler as unknown as typeof deliver;

  // The stream consumer and the police queue's consumer, as the local runtime wires them. The
  // commune and post queues are left unconsumed, so what the router sent there can be counted.
  const consumers = CONSUMERS.filter(
    (c) =>
      (c.kind === 'stream' && c.function === 'routeDossierEvents') ||
      (c.kind === 'queue' && c.queue === 'agency-police'),
  );
  expect(consumers.map((c) => c.kind).sort()).toEqual(['queue', 'stream']);
  pollers.push(
    startConsumers({
      // No test waits on a batching window.
      maxBatchingWindowSeconds: 0,
      clients,
      resources: fanOutResources,
      checkpoints: await StateStore.open(undefined),
      consumers,
      invoke: async (functionId, event) => {
        if (functionId === 'routeDossierEvents') {
          const Records = (event as DynamoDBStreamEvent).Records.filter((r) =>
            imageOf(r).summary?.includes(MARKER),
          );
          if (Records.length === 0) return undefined;
          const result = await route({ Records }, lambdaContext('motcua-route-dossier-events'));
          routed.push(...Records);
          return result;
        }
        delivered.push(...(event as SQSEvent).Records);
        return deliver(event as SQSEvent, lambdaContext('motcua-deliver-to-agency'));
      },
    }),
  );
});
afterAll(async () => {
  await Promise.all(pollers.map((poller) => poller.stop()));
  clients.destroy();
  await new Promise((resolve) => receiver.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let keys = 0;
const file = async (overrides: NonNullable<Parameters<typeof submission>[0]>) => {
  const body = submission({ ...overrides, summary: `${overrides.summary ?? 'Hồ sơ'} ${MARKER}` });
  const response = await submit(
    apiEvent({
      method: 'POST',
      path: '/v1/dossiers',
      clientId: `local-center-${body.centerId}`,
      headers: { 'Idempotency-Key': `fan-out-${RUN}-${++keys}` },
      body,
    }),
    lambdaContext('motcua-submit-dossier'),
  );
  expect(response.statusCode).toBe(201);
  return String(jsonOf(response).dossierCode);
};
const actAs = async (clientId: string, dossierCode: string, body: unknown) => {
  const response = await act(
    actionEvent(clientId, dossierCode, body),
    lambdaContext('motcua-act-on-dossier'),
  );
  expect(response.statusCode).toBe(200);
};
const stored = async (dossierCode: string) =>
  jsonOf(
    await read(
      apiEvent({
        path: `/v1/dossiers/${dossierCode}`,
        pathParameters: { dossierCode },
        clientId: 'local-admin',
      }),
      lambdaContext('motcua-get-dossier'),
    ),
  ) as { status: string; version: number; history: History };

/** Waits until the router has handled the stream record of this version of the dossier. */
const routedVersion = (dossierCode: string, version: number) =>
  waitFor(`the stream record of ${dossierCode} v${version} through the router`, () =>
    routed.find((r) => {
      const image = imageOf(r);
      return image.entity === 'DOSSIER' && image.dossierCode === dossierCode && image.version === version;
    }),
  );

/** Every message on a queue nobody consumes (kept hidden while they are counted). */
async function drain(queueUrl: string): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages: messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    if (messages.length === 0) return bodies;
    bodies.push(...messages.map((m) => JSON.parse(m.Body ?? '{}')));
  }
}

async function queueEmpty(queueUrl: string): Promise<true | undefined> {
  const { Attributes: a } = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return a?.ApproximateNumberOfMessages === '0' && a.ApproximateNumberOfMessagesNotVisible === '0'
    ? true
    : undefined;
}

describe('fan-out from the stream', () => {
  it('routes each dossier change once: RECEIVED to the deciding agency, a POSTAL result to the post, nothing for START', async () => {
    const code = await file({ centerId: 'hong-gai', resultDelivery: 'POSTAL' });
    await actAs('local-agency-commune', code, { action: 'START', expectedVersion: 1 });
    await actAs('local-agency-commune', code, {
      action: 'RESOLVE',
      expectedVersion: 2,
      documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh' }],
    });
    // The stream is read in order: once version 3 went through the router, 1 and 2 had too.
    await routedVersion(code, 3);
    expect(
      routed
        .filter((r) => imageOf(r).dossierCode === code && imageOf(r).entity === 'DOSSIER')
        .map((r) => imageOf(r).version),
    ).toEqual([1, 2, 3]);

    const routing = (agencyId: string, version: number, status: string) => ({
      eventId: `${code}#${version}#${agencyId}`,
      dossierCode: code,
      version,
      status,
      agencyId,
    });
    expect(await drain(queueOf('commune').url)).toEqual([routing('commune', 1, 'RECEIVED')]);
    expect(await drain(queueOf('post').url)).toEqual([routing('post', 3, 'RESOLVED')]);
    for (const agencyId of ['provincial', 'land-registry', 'social-insurance', 'tax']) {
      expect(await drain(queueOf(agencyId).url), agencyId).toEqual([]);
    }
  });

  it('a stream record handed to the router twice is routed twice but takes effect once: one START, any repeat post under the same event id', async () => {
    const code = await file({ procedureCode: CRIMINAL_RECORD, centerId: 'tien-yen' });
    const record = await routedVersion(code, 1);
    // At-least-once: the same record again, as after a retried batch.
    expect(await route({ Records: [record] }, lambdaContext('motcua-route-dossier-events'))).toEqual({
      batchItemFailures: [],
    });

    const eventId = `${code}#1#police`;
    await waitFor('both routings handled by the agency handler', () =>
      delivered.filter((r) => r.body.includes(eventId)).length === 2 ? true : undefined,
    );
    await waitFor('the police queue emptied', () => queueEmpty(queueOf('police').url));
    const copies = delivered.filter((r) => r.body.includes(eventId));
    expect(new Set(copies.map((r) => r.messageId)).size).toBe(2);

    // A copy handled after the START finds the dossier moved on and posts nothing; one handled
    // alongside the first (or received again while it ran) may post again, under the same event
    // id, which agencies drop (docs/api.md §9). The START is taken once.
    const calls = webhookCalls.filter((c) => c.dossierCode === code);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((c) => c.eventId === eventId && c.status === 204)).toBe(true);
    const dossier = await stored(code);
    expect(dossier).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(dossier.history.map((h) => h.action)).toEqual(['SUBMIT', 'START']);
  });

  it('a delivery that fails maxReceiveCount times is dead-lettered; redriven once the endpoint answers, it is delivered once', async () => {
    const police = queueOf('police');
    const code = await file({
      procedureCode: CRIMINAL_RECORD,
      centerId: 'tien-yen',
      summary: 'Lý lịch [fail]',
    });
    const eventId = `${code}#1#police`;

    const dead = await waitFor(
      'the routing in the police DLQ',
      async () => {
        const { Messages: messages } = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: police.deadLetter.url,
            VisibilityTimeout: 60,
            WaitTimeSeconds: 1,
          }),
        );
        return messages?.find((m) => m.Body?.includes(eventId));
      },
      70_000,
    );
    // Each receive is one attempt, but on a loaded machine a receive can come while the previous
    // one still runs (its visibility lapsed): the handler then refuses the copy without calling
    // the endpoint. So at most maxReceiveCount calls, and the message is dead-lettered anyway.
    const attempts = webhookCalls.filter((c) => c.dossierCode === code);
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.length).toBeLessThanOrEqual(police.maxReceiveCount);
    expect(attempts.every((c) => c.status === 503 && c.eventId === eventId)).toBe(true);
    expect(await stored(code)).toMatchObject({ status: 'RECEIVED', version: 1 });
    await waitFor('the police queue emptied', () => queueEmpty(police.url));

    // The agency's endpoint is fixed; an operator moves the message back to its queue.
    healed.add(code);
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: police.url, MessageBody: dead.Body }));
    await clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl: police.deadLetter.url, ReceiptHandle: dead.ReceiptHandle }),
    );

    await waitFor('the redriven routing delivered', () =>
      webhookCalls.some((c) => c.dossierCode === code && c.status === 204) ? true : undefined,
    );
    await waitFor('the police queue emptied', () => queueEmpty(police.url));
    expect(webhookCalls.filter((c) => c.dossierCode === code && c.status === 204)).toEqual([
      { eventId, dossierCode: code, status: 204 },
    ]);
    const dossier = await stored(code);
    expect(dossier).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(dossier.history.map((h) => h.action)).toEqual(['SUBMIT', 'START']);
    expect(await queueEmpty(police.deadLetter.url)).toBe(true);
  }, 120_000);
});
