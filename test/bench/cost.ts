/**
 * Cost model: `npm run cost -- [--dossiers 200] [--concurrency 4] [--deadline 900] [--handler-logs file]`.
 *
 * Starts the local runtime in memory with the usage meter on (infra/local/usage-meter.ts), drives
 * N dossiers through a typical life as the real clients would, waits until every queue has
 * drained, and prints the units counted per dossier, the price table used and $ per 1,000
 * dossiers at 10 k and 1.2 M dossiers a month, the fixed monthly costs of a deployment apart.
 *
 * The mix follows the Hong Gai center's July 2025 report (docs/domain.md §8): 2,173 of 9,673
 * dossiers filed online (22.5 %: birth registrations from the portal, each document an upload),
 * 6,255 decided by vertical agencies (64.7 %: here criminal-record certificates, police), the rest
 * at the counter (birth registrations, commune). Every agency has a webhook (a local receiver),
 * which starts each dossier it accepts; the agency resolves, the center returns the result. One
 * police dossier in three pays a fee online; online applicants and one counter applicant in three
 * give an email (a message for each change they must hear of: docs/api.md, notifications); every
 * change is synced to the national portal (a local receiver). The counter prints the receipt of
 * each dossier it files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { silentLog } from '#infra/local/log.ts';
import { topologyQueues } from '#infra/local/recovery.ts';
import { startLocalRuntime } from '#infra/local/start.ts';
import { setActiveUsageMeter, type UsageLine, UsageMeter } from '#infra/local/usage-meter.ts';
import {
  fixedInventory,
  loggingSetup,
  synthesizedTemplate,
  topologyFunctions,
} from '#infra/ops/cost-inventory.ts';
import {
  type CostLine,
  fixedMonthlyCosts,
  isMessageLine,
  loadPriceTable,
  perThousand,
  priceOf,
  smsParts,
  sumUsd,
  variableCostsPer1000,
} from '#infra/ops/cost-model.ts';
import { secureHash } from '#shared/domain/payment.ts';
import { pdfOfSize } from '../fixtures/files.ts';
import { postUpload, type UploadForm } from '../fixtures/upload.ts';
import { devToken } from './harness.ts';

const { values } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    deadline: { type: 'string', default: '900' },
    'handler-logs': { type: 'string' },
  },
});
const total = Number(values.dossiers);
const concurrency = Number(values.concurrency);
const deadlineAt = Date.now() + Number(values.deadline) * 1000;
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  process.stderr.write(
    'usage: npm run cost -- [--dossiers N] [--concurrency C] [--deadline seconds] [--handler-logs file]\n',
  );
  process.exit(2);
}

const SCALES = [10_000, 1_200_000];
const GOAL_USD_PER_1000 = 0.1;
const JULY_2025 = { all: 9_673, online: 2_173, vertical: 6_255 };

// ---------------------------------------------------------------------------------------------
// The other side: agency systems, the national portal, the notification sender (one loopback server)

const received = { agency: 0, portal: 0, email: 0, sms: 0, smsParts: 0 };
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    if (request.url === '/agency') received.agency++;
    else if (request.url === '/portal') received.portal++;
    else if (request.url === '/notify') {
      const { channel, sms } = JSON.parse(body) as { channel: string; sms?: string };
      if (channel === 'EMAIL') received.email++;
      else {
        received.sms++;
        received.smsParts += smsParts(sms ?? '');
      }
    }
    response.statusCode = 200;
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const paymentSecret = randomBytes(24).toString('base64url');
process.env.MOTCUA_AGENCY_WEBHOOKS = JSON.stringify({
  commune: `${receiverUrl}/agency`,
  police: `${receiverUrl}/agency`,
});
process.env.MOTCUA_WEBHOOK_SECRET = randomBytes(24).toString('base64url');
process.env.MOTCUA_PORTAL_SYNC_URL = `${receiverUrl}/portal`;
process.env.MOTCUA_NOTIFY_URL = `${receiverUrl}/notify`;
process.env.MOTCUA_PAYMENT_SECRET = paymentSecret;
// The drive measures usage, not the per-client throttle.
process.env.MOTCUA_CLIENT_RATE_LIMIT = '1000000/1';

process.stdout.write(`motcua cost model: starting the local runtime (in memory) for ${total} dossiers...\n`);
// Handlers log at INFO, as the stack has them; the sweep's schedule is a fixed cost, not run here.
const runtime = await startLocalRuntime({
  port: 0,
  memory: true,
  log: silentLog,
  handlerLogLevel: 'INFO',
  schedules: false,
});

// The meter on the handlers' own clients (the modules the runtime has loaded: same instances).
const meter = new UsageMeter();
const handlerClients = await import('#shared/adapters/aws-clients.ts');
meter.attach(handlerClients.dynamoDb, 'DynamoDB');
meter.attach(handlerClients.sqs, 'SQS');
meter.attach(handlerClients.s3, 'S3');
setActiveUsageMeter(meter);

// Handler log lines: counted (CloudWatch Logs ingestion) and kept off the terminal while metering.
const writes = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};
// --handler-logs <file> keeps them there (what the handlers said, e.g. about a 5xx).
const handlerLogs = values['handler-logs'] ? createWriteStream(values['handler-logs']) : undefined;
const swallowLogs = (stream: NodeJS.WriteStream) =>
  ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    meter.recordLogBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    handlerLogs?.write(chunk);
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
const progress = (line: string) => writes.stderr(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Clients

/** A reset connection (a keep-alive socket the server had just closed, a loaded machine) is retried. */
async function fetchRetrying(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 4) throw error;
      retries++;
    }
  }
}

type Api = { status: number; json: Record<string, unknown> };
async function api(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers = {},
): Promise<Api> {
  const response = await fetchRetrying(`${runtime.url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : {},
  };
}
/** Retries, as real clients do, answers that say a retry is safe (on a loaded machine a 504 happens). */
const RETRYABLE = new Set([500, 503, 504]);
let retries = 0;
async function ok(method: string, path: string, token: string | undefined, body?: unknown, headers = {}) {
  let answer = await api(method, path, token, body, headers);
  for (let attempt = 1; attempt < 4 && RETRYABLE.has(answer.status); attempt++) {
    retries++;
    answer = await api(method, path, token, body, headers);
  }
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}

// Tokens are asked once per client (as real clients reuse them for their hour): a fixed cost.
const tokens = {
  portal: await devToken(runtime.url, 'local-portal'),
  center: await devToken(runtime.url, 'local-center-hong-gai'),
  commune: await devToken(runtime.url, 'local-agency-commune'),
  police: await devToken(runtime.url, 'local-agency-police'),
};
const policeDocuments = (
  (await ok('GET', '/v1/procedures/3.000333', tokens.center)).documents as {
    code: string;
    mandatory: boolean;
  }[]
)
  .filter((d) => d.mandatory)
  .map((d) => ({ documentCode: d.code }));

type Plan = {
  i: number;
  online: boolean;
  vertical: boolean;
  email: boolean;
  pays: boolean;
  code?: string;
  uploads: string[];
};
// Spread evenly: dossier i is online when the running online share falls behind the report's.
const plans: Plan[] = Array.from({ length: total }, (_, i) => {
  const online =
    Math.floor(((i + 1) * JULY_2025.online) / JULY_2025.all) >
    Math.floor((i * JULY_2025.online) / JULY_2025.all);
  const verticalShare = JULY_2025.vertical / (JULY_2025.all - JULY_2025.online);
  const counterIndex = i - Math.floor(((i + 1) * JULY_2025.online) / JULY_2025.all);
  const vertical =
    !online && Math.floor((counterIndex + 1) * verticalShare) > Math.floor(counterIndex * verticalShare);
  return { i, online, vertical, email: online || i % 3 === 0, pays: vertical && i % 3 === 0, uploads: [] };
});

const applicant = (plan: Plan) => ({
  type: 'CITIZEN',
  idNumber: '022190000123',
  fullName: 'Nguyễn Văn An',
  address: 'Tổ 1, khu 2, phường Hồng Gai',
  ...(plan.email ? { email: `cong-dan-${plan.i}@example.invalid` } : {}),
});

async function eachPlan(select: (plan: Plan) => boolean, step: (plan: Plan) => Promise<void>): Promise<void> {
  const queue = plans.filter(select);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let plan = queue.shift(); plan; plan = queue.shift()) await step(plan);
    }),
  );
}

const queueUrls = topologyQueues(runtime.resources).map((q) => q.url);
const invocations = () =>
  meter
    .snapshot()
    .filter((l) => l.service === 'Lambda' && l.unit === 'invocations')
    .reduce((sum, l) => sum + l.amount, 0);

/** Until every queue is empty and no function ran for 2 s (the stream pollers included). */
async function drained(what: string): Promise<void> {
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    if (Date.now() > deadlineAt) throw new Error(`not drained by the deadline (${what})`);
    const depths = await Promise.all(
      queueUrls.map(async (QueueUrl) => {
        const { Attributes = {} } = await runtime.clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
        );
      }),
    );
    const now = invocations();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
    if (depths.every((d) => d === 0) && Date.now() - quietSince >= 2_000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The portal's upload of one document: the ticket, the presigned POST. */
async function upload(plan: Plan, size: number): Promise<void> {
  const file = pdfOfSize(size);
  const ticket = await ok('POST', '/v1/attachments', tokens.portal, {
    fileName: 'giay-to.pdf',
    contentType: 'application/pdf',
    size,
    sha256: createHash('sha256').update(file).digest('hex'),
  });
  let posted: Response | undefined;
  for (let attempt = 1; !posted; attempt++) {
    // A reset connection is retried, as a browser's user would; a second copy of the file is harmless.
    posted = await postUpload(ticket.upload as UploadForm, file).catch((error: unknown) => {
      if (attempt >= 4) throw error;
      retries++;
      return undefined;
    });
  }
  if (posted.status >= 300) throw new Error(`upload POST: ${posted.status}`);
  plan.uploads.push(String(ticket.attachmentId));
}

const UPLOAD_BYTES = [180_000, 240_000, 300_000];
let uploadedBytes = 0;

// ---------------------------------------------------------------------------------------------
// The drive

const started = performance.now();
process.stdout.write = swallowLogs(process.stdout);
process.stderr.write = swallowLogs(process.stderr);
meter.start();
try {
  progress('  uploads of the online filings');
  await eachPlan(
    (p) => p.online,
    async (plan) => {
      for (const size of UPLOAD_BYTES) {
        await upload(plan, size);
        uploadedBytes += size;
      }
    },
  );
  await drained('uploads verified');
  // The portal reads each upload once to see it VERIFIED before filing.
  await eachPlan(
    (p) => p.online,
    async (plan) => {
      for (const id of plan.uploads) {
        const attachment = await ok('GET', `/v1/attachments/${id}`, tokens.portal);
        if (attachment.status !== 'VERIFIED') throw new Error(`attachment ${id} is ${attachment.status}`);
      }
    },
  );

  progress('  filings (portal and counter)');
  await eachPlan(
    () => true,
    async (plan) => {
      const body = plan.online
        ? {
            procedureCode: '1.001193',
            centerId: 'hong-gai',
            channel: 'ONLINE',
            applicant: applicant(plan),
            summary: 'Đăng ký khai sinh trực tuyến',
            documents: ['TP01', 'TP02', 'TP03'].map((documentCode, k) => ({
              documentCode,
              attachmentId: plan.uploads[k],
            })),
            resultDelivery: 'ONLINE',
          }
        : {
            procedureCode: plan.vertical ? '3.000333' : '1.001193',
            centerId: 'hong-gai',
            channel: 'DIRECT',
            applicant: applicant(plan),
            summary: plan.vertical ? 'Cấp Phiếu lý lịch tư pháp' : 'Đăng ký khai sinh cho con',
            documents: plan.vertical
              ? policeDocuments
              : ['TP01', 'TP02', 'TP03'].map((documentCode) => ({ documentCode })),
            resultDelivery: 'COUNTER',
          };
      const filed = await ok('POST', '/v1/dossiers', plan.online ? tokens.portal : tokens.center, body, {
        'idempotency-key': `cost-${process.pid}-${plan.i}`,
      });
      plan.code = String(filed.dossierCode);
      if (!plan.online) {
        const receipt = async () => {
          const answer = await fetchRetrying(`${runtime.url}/v1/dossiers/${plan.code}/receipt`, {
            headers: { authorization: `Bearer ${tokens.center}`, accept: 'application/pdf' },
          });
          await answer.arrayBuffer();
          return answer.status;
        };
        let status = await receipt();
        for (let attempt = 1; attempt < 4 && RETRYABLE.has(status); attempt++) {
          retries++;
          status = await receipt();
        }
        if (status !== 200) throw new Error(`receipt of ${plan.code}: ${status}`);
      }
    },
  );
  progress('  the center accepts the online filings');
  await eachPlan(
    (p) => p.online,
    async (plan) => {
      await ok('POST', `/v1/dossiers/${plan.code}/actions`, tokens.center, { action: 'ACCEPT' });
    },
  );
  // Routed, delivered to the agency's webhook, started by the agency handler.
  await drained('agency delivery');

  progress('  fees requested and paid online');
  await eachPlan(
    (p) => p.pays,
    async (plan) => {
      await ok('POST', `/v1/dossiers/${plan.code}/actions`, tokens.police, {
        action: 'REQUEST_PAYMENT',
        fees: [{ code: 'LLTP', name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200_000 }],
      });
      const payment = await ok('POST', `/v1/dossiers/${plan.code}/payments`, tokens.center);
      const fields = {
        paymentId: String(payment.paymentId),
        amount: String(payment.amount),
        status: 'PAID',
        transactionRef: `VNP${plan.i}`,
        paidAt: new Date().toISOString(),
      };
      await ok('POST', '/v1/payments/callback', undefined, {
        ...fields,
        amount: Number(fields.amount),
        secureHash: secureHash(fields, paymentSecret),
      });
    },
  );
  await drained('payments');

  progress('  resolved by the agencies, returned by the center');
  await eachPlan(
    () => true,
    async (plan) => {
      await ok('POST', `/v1/dossiers/${plan.code}/actions`, plan.vertical ? tokens.police : tokens.commune, {
        action: 'RESOLVE',
        documents: [
          { documentCode: 'KQ01', name: plan.vertical ? 'Phiếu lý lịch tư pháp' : 'Giấy khai sinh' },
        ],
      });
    },
  );
  await eachPlan(
    () => true,
    async (plan) => {
      await ok('POST', `/v1/dossiers/${plan.code}/actions`, tokens.center, { action: 'RETURN_RESULT' });
    },
  );
  await drained('portal sync and notifications');
} finally {
  meter.stop();
  setActiveUsageMeter(undefined);
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
}
const driveSeconds = (performance.now() - started) / 1000;
await runtime.stop();
receiver.close();

// ---------------------------------------------------------------------------------------------
// The bill

// Messages to applicants, as the local receiver saw them (priced apart from the platform).
const usage: UsageLine[] = [
  ...meter.snapshot(),
  { service: 'SES', operation: 'SendEmail (notifications)', unit: 'emails', amount: received.email },
  {
    service: 'End User Messaging',
    operation: 'SendTextMessage (notifications)',
    unit: 'SMS parts',
    amount: received.smsParts,
  },
];
const perDossier = usage.map((line) => ({ ...line, amount: line.amount / total }));
const prices = loadPriceTable();

process.stdout.write('  synthesizing the stack for its fixed costs and its logging...\n');
const template = await synthesizedTemplate();
const inventory = fixedInventory(template, prices);
const fixed = fixedMonthlyCosts(inventory, prices);
const logging = loggingSetup(template);

const usd = (n: number) => (n >= 0.01 ? `$${n.toFixed(4)}` : `$${n.toPrecision(3)}`);
const num = (n: number) => (Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n.toPrecision(4));
const pad = (text: string, width: number) => text.padEnd(width);

const out: string[] = [];
out.push('');
out.push(
  `motcua cost model — ${total} dossiers driven through the local runtime in ${driveSeconds.toFixed(0)} s`,
);
out.push(
  `  mix: ${plans.filter((p) => p.online).length} online (with uploads), ${plans.filter((p) => !p.online && !p.vertical).length} counter (commune), ${plans.filter((p) => p.vertical).length} counter (police, vertical); ${plans.filter((p) => p.pays).length} paid online; ${plans.filter((p) => p.email).length} with an email`,
);
out.push(
  `  ${retries} requests retried after a reset connection or a 500/503/504 (this machine's load); seen by the local receivers: ${received.agency} agency deliveries, ${received.portal} portal sync posts, ${received.email} emails, ${received.sms} SMS; ${(uploadedBytes / total / 1024).toFixed(0)} KiB uploaded per dossier`,
);
out.push('');
out.push('Units counted per dossier (measured: SDK requests, ConsumedCapacity, invocations, log bytes)');
for (const line of perDossier) {
  out.push(`  ${pad(line.service, 18)}${pad(line.operation, 48)}${pad(line.unit, 32)}${num(line.amount)}`);
}
out.push(
  `Logging as the stack configures it: Lambda platform lines from ${logging.platformLineFunctions.length} of its ${topologyFunctions(template).length} functions; WAF log of ${logging.wafLog}.`,
);
out.push('');
out.push(
  `Price table: ${prices.regionName} (${prices.region}), ${prices.date}, ${prices.currency}, list prices`,
);
for (const [key, price] of Object.entries(prices.prices)) {
  out.push(
    `  ${pad(key, 40)}$${price.usd} per ${price.per === 1 ? '' : `${price.per.toLocaleString('en')} `}${price.unit}`,
  );
}
out.push('  sources:');
for (const [name, url] of Object.entries(prices.sources)) out.push(`    ${pad(name, 16)}${url}`);
out.push('  notes:');
for (const note of prices.notes) out.push(`    - ${note}`);

const table = (lines: readonly CostLine[], header: string) => {
  out.push(header);
  for (const line of [...lines].sort((a, b) => b.usd - a.usd)) {
    out.push(
      `  ${pad(line.service, 18)}${pad(line.item, 64)}${pad(`${num(line.quantity)} ${line.unit}`, 30)}${usd(line.usd)}`,
    );
  }
};
const results = SCALES.map((monthly) => {
  const variable = variableCostsPer1000(perDossier, prices, monthly, logging);
  return {
    monthly,
    lines: variable.filter((l) => !isMessageLine(l)),
    messageLines: variable.filter(isMessageLine),
    ...perThousand(variable, fixed, monthly),
  };
});
for (const result of results) {
  out.push('');
  table(
    result.lines,
    `Platform variable cost per 1,000 dossiers at ${result.monthly.toLocaleString('en')} dossiers a month`,
  );
  out.push(`  total: ${usd(sumUsd(result.lines))} per 1,000 dossiers`);
}
// Per message: the same at every volume.
const messages = results[0]?.messageLines ?? [];
out.push('');
out.push(
  'Messages to applicants (per-message charges; how many is the notification policy: which status changes notify, by which channel)',
);
out.push(`  ${pad('channel', 10)}${pad('per dossier', 30)}${pad('$ per message', 26)}$ per 1,000 dossiers`);
const channels = [
  { name: 'email', priceKey: 'ses.email', messages: received.email, billed: received.email },
  { name: 'SMS', priceKey: 'sms.messagePart', messages: received.sms, billed: received.smsParts },
];
for (const channel of channels) {
  const price = priceOf(prices, channel.priceKey);
  const each = price.usd / price.per;
  const perMessage =
    channel.billed === channel.messages
      ? usd(each)
      : `${usd(each)} a part, ${num(channel.billed / Math.max(1, channel.messages))} parts`;
  const perDossierText =
    channel.billed === channel.messages
      ? num(channel.messages / total)
      : `${num(channel.messages / total)} (${num(channel.billed / total)} parts)`;
  const line = messages.find((l) => l.priceKey === channel.priceKey);
  out.push(
    `  ${pad(channel.name, 10)}${pad(perDossierText, 30)}${pad(perMessage, 26)}${usd(line?.usd ?? 0)}`,
  );
}
out.push(`  total: ${usd(sumUsd(messages))} per 1,000 dossiers`);
out.push('');
table(fixed, 'Fixed monthly cost of one deployment (per client: one province), whatever the volume');
out.push(`  total: ${usd(sumUsd(fixed))} a month`);
out.push('');
out.push('Summary ($ per 1,000 dossiers)');
for (const r of results) {
  out.push(
    `  ${pad(`${r.monthly.toLocaleString('en')} a month`, 20)}platform ${usd(r.platform)}   messages ${usd(r.messages)}   fixed share ${usd(r.fixedShare)}   all-in ${usd(r.allIn)}`,
  );
}
const province = results[results.length - 1];
if (province) {
  const met = province.platform <= GOAL_USD_PER_1000;
  out.push(
    `Goal: ≤ $${GOAL_USD_PER_1000.toFixed(2)} per 1,000 dossiers at province scale (${province.monthly.toLocaleString('en')} a month), the platform's variable cost (messages and fixed costs apart): ${usd(province.platform)} ${met ? '✓' : '✗'}`,
  );
}
const lambdaLines = perDossier.filter((l) => l.service === 'Lambda');
const gbSeconds = lambdaLines.filter((l) => l.unit === 'GB-s').reduce((sum, l) => sum + l.amount, 0);
const calls = lambdaLines.filter((l) => l.unit === 'invocations').reduce((sum, l) => sum + l.amount, 0);
const lambdaShare = province
  ? sumUsd(province.lines.filter((l) => l.priceKey === 'lambda.durationArm64')) / province.platform
  : 0;
out.push(
  `Lambda: ${num(calls)} invocations and ${num(gbSeconds)} GB-s per dossier (mean ${num((gbSeconds / calls) * 1000)} ms at 1 GB), ${(lambdaShare * 100).toFixed(0)} % of the platform's variable cost at province scale.`,
);
if (province) {
  const withoutDuration = sumUsd(province.lines.filter((l) => l.priceKey !== 'lambda.durationArm64'));
  out.push(
    `Without Lambda duration the platform's variable cost at province scale is ${usd(withoutDuration)} per 1,000 dossiers (load average here: ${loadavg()[0]?.toFixed(1)}).`,
  );
}
out.push(
  'Durations are measured on this machine against DynamoDB Local (slower than Lambda in AWS): the Lambda lines are an upper bound.',
);
process.stdout.write(`${out.join('\n')}\n`);
