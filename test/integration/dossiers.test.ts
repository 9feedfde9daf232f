/**
 * Dossier submission, actions and the agency handler against DynamoDB Local and fauxqs, through
 * the same handler modules Lambda runs, invoked with API Gateway and SQS events. Fan-out from
 * the table's stream through the pollers is fan-out.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionEvent, apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { CRIMINAL_RECORD, submission } from '../fixtures/catalog.ts';
import { emulatorClients, seedVerifiedAttachments, useEmulators } from './emulators.ts';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

useEmulators();
const clients = emulatorClients();

// Agency endpoints: police has one (answering 204, or 503 for dossiers marked to fail); the
// other agencies work from their worklists.
const webhookCalls: { eventId: string; status: number }[] = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    const parsed = JSON.parse(body);
    response.statusCode = parsed.dossier.summary.includes('[fail]') ? 503 : 204;
    webhookCalls.push({ eventId: String(request.headers['x-motcua-event-id']), status: response.statusCode });
    response.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
process.env.MOTCUA_AGENCY_WEBHOOKS = JSON.stringify({
  police: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/police`,
});
process.env.MOTCUA_WEBHOOK_SECRET = 'integration-secret';
let submit: ApiHandler;
let act: ApiHandler;
let read: ApiHandler;
let deliver: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  submit = (await import('#functions/api/submit-dossier.ts')).handler as unknown as ApiHandler;
  act = (await import('#functions/api/act-on-dossier.ts')).handler as unknown as ApiHandler;
  read = (await import('#functions/api/get-dossier.ts')).handler as unknown as ApiHandler;
  deliver = (await import('#functions/agency/deliver-to-agency.ts')).handler as unknown as typeof deliver;
});
afterAll(async () => {
  clients.destroy();
  await new Promise((resolve) => receiver.close(resolve));
});

let keys = 0;
const uniqueKey = () => `it-${process.pid}-${Date.now()}-${++keys}`;

const submitAs = (clientId: string, body: unknown, key = uniqueKey()) =>
  submit(
    apiEvent({ method: 'POST', path: '/v1/dossiers', clientId, headers: { 'Idempotency-Key': key }, body }),
    lambdaContext('motcua-submit-dossier'),
  );

const actAs = (clientId: string, dossierCode: string, body: unknown) =>
  act(actionEvent(clientId, dossierCode, body), lambdaContext('motcua-act-on-dossier'));

const readAs = async (clientId: string, dossierCode: string) =>
  read(
    apiEvent({ path: `/v1/dossiers/${dossierCode}`, pathParameters: { dossierCode }, clientId }),
    lambdaContext('motcua-get-dossier'),
  );

const sequenceOf = (code: string) => Number(code.split('-').at(-1));
const dayOf = (code: string) => code.split('-').at(-2) ?? '';
/** `yyMMdd` of an instant in Vietnam (UTC+7, no daylight saving). */
const localDay = (iso: string) =>
  new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');

describe('POST /v1/dossiers', () => {
  it('numbers 50 concurrent submissions of one unit-day uniquely and without gaps', async () => {
    // uong-bi is used by this test only, so its day sequence is this test's alone.
    const results = await Promise.all(
      Array.from({ length: 50 }, () => submitAs('local-center-uong-bi', submission({ centerId: 'uong-bi' }))),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const dossiers = results.map((r) => jsonOf(r));
    const codes = dossiers.map((d) => String(d.dossierCode));
    expect(new Set(codes).size).toBe(50);
    // Each code carries the local day of its own submission: a run across local midnight
    // numbers the dossiers of each day on their own.
    const byDay = new Map<string, number[]>();
    for (const dossier of dossiers) {
      const code = String(dossier.dossierCode);
      expect(code).toMatch(/^000\.21\.04\.H49-\d{6}-\d{4,}$/);
      expect(dayOf(code), code).toBe(localDay(String(dossier.submittedAt)));
      byDay.set(dayOf(code), [...(byDay.get(dayOf(code)) ?? []), sequenceOf(code)]);
    }
    const days = [...byDay.keys()].sort();
    expect(days.length).toBeLessThanOrEqual(2);
    days.forEach((day, i) => {
      const sequences = (byDay.get(day) ?? []).sort((a, b) => a - b);
      const first = i === 0 ? (sequences[0] ?? 0) : 1;
      expect(sequences, day).toEqual(Array.from({ length: sequences.length }, (_, k) => first + k));
    });
  });

  it('replays the stored answer for the same key and body, without numbering again', async () => {
    const key = uniqueKey();
    const first = await submitAs('local-center-bai-chay', submission({ centerId: 'bai-chay' }), key);
    const again = await submitAs('local-center-bai-chay', submission({ centerId: 'bai-chay' }), key);
    expect(first.statusCode).toBe(201);
    expect(first.headers?.['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(jsonOf(again)).toEqual(jsonOf(first));
    const firstCode = String(jsonOf(first).dossierCode);
    const nextCode = String(
      jsonOf(await submitAs('local-center-bai-chay', submission({ centerId: 'bai-chay' }))).dossierCode,
    );
    // The next number of the same local day, or 1 when local midnight passed in between.
    expect(sequenceOf(nextCode)).toBe(dayOf(nextCode) === dayOf(firstCode) ? sequenceOf(firstCode) + 1 : 1);
  });

  it('answers 422 when the key is reused with another body', async () => {
    const key = uniqueKey();
    expect((await submitAs('local-center-hong-gai', submission(), key)).statusCode).toBe(201);
    const other = await submitAs('local-center-hong-gai', submission({ summary: 'something else' }), key);
    expect(other.statusCode).toBe(422);
    expect(jsonOf(other).type).toBe('urn:motcua:problem:idempotency-key-reused');
  });

  it('files a vertical-agency procedure as VERTICAL, routed to its agency system', async () => {
    const result = await submitAs(
      'local-center-tien-yen',
      submission({ procedureCode: CRIMINAL_RECORD, centerId: 'tien-yen' }),
    );
    expect(result.statusCode).toBe(201);
    expect(jsonOf(result)).toMatchObject({
      category: 'VERTICAL',
      agencyId: 'police',
      competentUnitId: 'provincial-police',
    });
  });
});

describe('actions', () => {
  it('lets exactly one of two concurrent ACCEPTs win; the other gets 409 with the state now', async () => {
    await seedVerifiedAttachments('local-portal', ['att-1', 'att-2', 'att-3']);
    const filed = await submitAs('local-portal', submission({ channel: 'ONLINE' }));
    const code = String(jsonOf(filed).dossierCode);
    const [a, b] = await Promise.all([
      actAs('local-center-hong-gai', code, { action: 'ACCEPT' }),
      actAs('local-center-hong-gai', code, { action: 'ACCEPT' }),
    ]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const loser = a?.statusCode === 409 ? a : b;
    // The winner writes its event, then the dossier: the loser, refused at the event, reads the
    // state now, which is the winner's (RECEIVED, 2) or, between the winner's two writes, the one
    // both started from (SUBMITTED, 1).
    const { currentStatus, version } = jsonOf(loser as APIGatewayProxyResult);
    expect([
      ['RECEIVED', 2],
      ['SUBMITTED', 1],
    ]).toContainEqual([currentStatus, version]);
    const stored = jsonOf(await readAs('local-center-hong-gai', code));
    expect(stored).toMatchObject({ status: 'RECEIVED', version: 2 });
    expect((stored.history as unknown[]).length).toBe(2);
  });

  it('hides a dossier from a center that did not receive it (404)', async () => {
    const filed = await submitAs('local-center-hong-gai', submission());
    const code = String(jsonOf(filed).dossierCode);
    expect((await readAs('local-center-bai-chay', code)).statusCode).toBe(404);
    expect((await actAs('local-center-bai-chay', code, { action: 'WITHDRAW' })).statusCode).toBe(404);
  });
});

describe('agency handler', () => {
  const routingRecord = (dossierCode: string, agencyId: string) => ({
    messageId: `m-${dossierCode}`,
    receiptHandle: 'not-a-real-handle',
    body: JSON.stringify({
      eventId: `${dossierCode}#1#${agencyId}`,
      dossierCode,
      version: 1,
      status: 'RECEIVED',
      agencyId,
    }),
    attributes: { ApproximateReceiveCount: '1' } as never,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:ap-southeast-1:000000000000:motcua-agency-${agencyId}`,
    awsRegion: 'ap-southeast-1',
  });

  it('leaves a dossier for an agency without an endpoint on its worklist, RECEIVED', async () => {
    const filed = jsonOf(await submitAs('local-center-hong-gai', submission()));
    const code = String(filed.dossierCode);
    const response = await deliver({ Records: [routingRecord(code, 'commune')] }, lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(jsonOf(await readAs('local-agency-commune', code))).toMatchObject({
      status: 'RECEIVED',
      version: 1,
    });
  });

  it('reports only the records whose endpoint failed; the others are started', async () => {
    const ok = jsonOf(
      await submitAs(
        'local-center-tien-yen',
        submission({ procedureCode: CRIMINAL_RECORD, centerId: 'tien-yen' }),
      ),
    );
    const failing = jsonOf(
      await submitAs(
        'local-center-tien-yen',
        submission({
          procedureCode: CRIMINAL_RECORD,
          centerId: 'tien-yen',
          summary: 'Lý lịch tư pháp [fail]',
        }),
      ),
    );
    const records = [
      routingRecord(String(failing.dossierCode), 'police'),
      routingRecord(String(ok.dossierCode), 'police'),
    ];
    const response = await deliver({ Records: records }, lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
    expect(jsonOf(await readAs('local-agency-police', String(ok.dossierCode))).status).toBe('IN_PROGRESS');
    expect(jsonOf(await readAs('local-agency-police', String(failing.dossierCode))).status).toBe('RECEIVED');
    // One attempt each (the records of a batch are handled concurrently: no order).
    expect(webhookCalls.map((call) => `${call.eventId} ${call.status}`).sort()).toEqual(
      [`${failing.dossierCode}#1#police 503`, `${ok.dossierCode}#1#police 204`].sort(),
    );
  });
});
