/**
 * The arithmetic of `npm run cost`: metered usage (infra/local/usage-meter.ts) times the dated
 * price table (prices-ap-southeast-1.json), per 1,000 dossiers at a monthly volume, and the fixed
 * monthly costs of one deployment (one client: one province) from its synthesized template.
 */
import { readFileSync } from 'node:fs';
import type { UsageLine } from '#infra/local/usage-meter.ts';

export type Price = { usd: number; per: number; unit: string; source: string };

export type PriceAssumptions = {
  /** Lambda's platform.start and platform.report lines (JSON), where the system log level lets them through. */
  platformLogBytesPerInvocation: number;
  apiAccessLogBytesPerRequest: number;
  /** One WAF log record (JSON, the request's headers included). */
  wafLogBytesPerRecord: number;
  /** Requests WAF blocks or counts, per request the API serves: all a logging filter keeps. */
  wafLoggedRequestShare: number;
  kmsKeyRefreshSeconds: number;
  secretCacheSeconds: number;
  sqsIdlePollersPerMapping: number;
  sqsLongPollSeconds: number;
  m2mTokenLifetimeMinutes: number;
  xraySampling: { reservoirPerSecond: number; rate: number };
  secondsPerMonth: number;
};

export type PriceTable = {
  region: string;
  regionName: string;
  date: string;
  currency: string;
  notes: string[];
  sources: Record<string, string>;
  prices: Record<string, Price>;
  assumptions: PriceAssumptions;
};

export const PRICE_TABLE_FILE = new URL('./prices-ap-southeast-1.json', import.meta.url);

export function loadPriceTable(file: URL | string = PRICE_TABLE_FILE): PriceTable {
  return JSON.parse(readFileSync(file, 'utf8')) as PriceTable;
}

export function priceOf(table: PriceTable, key: string): Price {
  const price = table.prices[key];
  if (!price) throw new Error(`the price table has no ${key}`);
  return price;
}

/**
 * How the stack logs, as its template says (infra/ops/cost-inventory.ts): what the model adds for
 * log lines the local runtime does not write.
 */
export type LoggingSetup = {
  /** Functions (`motcua-<id>`) whose system log level lets Lambda's platform.start and platform.report through. */
  platformLineFunctions: readonly string[];
  /** WAF's request log: of every request, of what it blocked or counted only (a logging filter), or none. */
  wafLog: 'every request' | 'blocked or counted' | 'none';
};

/**
 * Services billed per message sent to an applicant (emails, SMS): their volume is the province's
 * notification policy, not the platform's doing, so they are priced apart from the goal.
 */
export const MESSAGE_SERVICES: ReadonlySet<string> = new Set(['SES', 'End User Messaging']);
export const isMessageLine = (line: { service: string }): boolean => MESSAGE_SERVICES.has(line.service);

/** GSM 03.38's basic characters: a text of only these is sent 7-bit, 160 to a part. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/**
 * The parts an SMS is billed as: 160 characters in one part (the concatenation header leaves
 * 153 per part when split) in GSM 7-bit; any other character (Vietnamese diacritics) makes it UCS-2: 70, then 67.
 */
export function smsParts(text: string): number {
  const gsm = [...text].every((c) => GSM_BASIC.has(c));
  const length = gsm ? [...text].length : text.length; // UCS-2 counts UTF-16 code units
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
}

/** Dollars for `quantity` of the price's unit. */
export const costOf = (quantity: number, price: Price): number => (quantity / price.per) * price.usd;

/** One priced line: a quantity (per 1,000 dossiers, or per month for fixed costs) and its dollars. */
export type CostLine = {
  service: string;
  item: string;
  quantity: number;
  unit: string;
  priceKey: string;
  usd: number;
};

const GIB = 1024 ** 3;
const S3_GETS = new Set(['GetObject', 'HeadObject', 'GetObjectTagging']);
const S3_FREE = new Set(['DeleteObject', 'DeleteObjects']);

/** The price a metered line is billed at and its quantity in that price's unit; undefined: not billed per unit. */
export function billedAs(line: UsageLine): { priceKey: string; quantity: number } | undefined {
  const { service, operation, unit, amount } = line;
  const as = (priceKey: string, quantity = amount) => ({ priceKey, quantity });
  switch (service) {
    case 'DynamoDB':
      if (unit === 'WRU') return as('dynamodb.writeRequestUnit');
      if (unit === 'RRU') return as('dynamodb.readRequestUnit');
      return undefined; // on-demand bills units, not requests
    case 'DynamoDB Streams':
      return as('dynamodb.streamsGetRecordsFromLambda');
    case 'SQS':
      return unit === 'requests' ? as('sqs.request') : undefined;
    case 'S3':
      if (unit !== 'requests') return undefined;
      if (S3_GETS.has(operation)) return as('s3.getRequest');
      if (S3_FREE.has(operation)) return as('s3.deleteRequest');
      return as('s3.putRequest');
    case 'Lambda':
      if (unit === 'invocations') return as('lambda.request');
      if (unit === 'GB-s') return as('lambda.durationArm64');
      return undefined;
    case 'API Gateway':
      return as('apigateway.restRequest');
    case 'WAF':
      return as('waf.request');
    case 'CloudWatch Logs':
      return as(operation.includes('vended') ? 'logs.vendedIngestion' : 'logs.ingestion', amount / GIB);
    case 'SES':
      return as('ses.email');
    case 'End User Messaging':
      return as('sms.messagePart');
    case 'Secrets Manager':
      return as('secretsmanager.apiCall');
    case 'KMS':
      return as('kms.request');
    default:
      return undefined;
  }
}

const total = (lines: readonly UsageLine[], service: string, unit: string) =>
  lines.filter((l) => l.service === service && l.unit === unit).reduce((sum, l) => sum + l.amount, 0);

/** What WAF's logging writes per request the API serves, in bytes. */
function wafLogBytesPerRequest(logging: LoggingSetup, table: PriceTable): number {
  const a = table.assumptions;
  if (logging.wafLog === 'every request') return a.wafLogBytesPerRecord;
  if (logging.wafLog === 'blocked or counted') return a.wafLoggedRequestShare * a.wafLogBytesPerRecord;
  return 0;
}

/**
 * What AWS adds to the metered usage without a call the local runtime makes: Lambda's own log
 * lines (of the functions whose system log level lets them through), the API's access log, WAF's
 * inspection and its log (of every request, or of what it blocked or counted).
 */
export function modelledUsage(
  metered: readonly UsageLine[],
  table: PriceTable,
  logging: LoggingSetup,
): UsageLine[] {
  const a = table.assumptions;
  const platformLines = new Set(logging.platformLineFunctions);
  const platformLineInvocations = metered
    .filter((l) => l.service === 'Lambda' && l.unit === 'invocations' && platformLines.has(l.operation))
    .reduce((sum, l) => sum + l.amount, 0);
  const apiRequests = total(metered, 'API Gateway', 'requests');
  return [
    {
      service: 'CloudWatch Logs',
      operation: 'Lambda platform lines (modelled)',
      unit: 'bytes',
      amount: platformLineInvocations * a.platformLogBytesPerInvocation,
    },
    {
      service: 'CloudWatch Logs',
      operation: 'API access log (modelled)',
      unit: 'bytes',
      amount: apiRequests * a.apiAccessLogBytesPerRequest,
    },
    {
      service: 'CloudWatch Logs',
      operation: `WAF log of ${logging.wafLog}, vended (modelled)`,
      unit: 'bytes',
      amount: apiRequests * wafLogBytesPerRequest(logging, table),
    },
    { service: 'WAF', operation: 'inspected request (modelled)', unit: 'requests', amount: apiRequests },
  ].filter((line) => line.amount > 0);
}

/**
 * Traces X-Ray records in a month of `requests` spread evenly over its seconds under the default
 * sampling rule: the reservoir's first requests each second, then `rate` of the rest.
 */
export function sampledTraces(requests: number, table: PriceTable): number {
  const { reservoirPerSecond, rate } = table.assumptions.xraySampling;
  const reservoir = reservoirPerSecond * table.assumptions.secondsPerMonth;
  return Math.min(requests, reservoir) + rate * Math.max(0, requests - reservoir);
}

/**
 * The same month split as billed: the reservoir's share, `reservoir × (1 − rate)` traces, is
 * reached as soon as a request comes every second and does not grow with the volume (a fixed
 * cost: at most that, less below one request a second); each request adds `rate` of a trace
 * (the variable cost). The two add up to `sampledTraces` above the reservoir and to more below it.
 */
export function reservoirTraces(table: PriceTable): number {
  const { reservoirPerSecond, rate } = table.assumptions.xraySampling;
  return reservoirPerSecond * table.assumptions.secondsPerMonth * (1 - rate);
}

const scale = (lines: readonly UsageLine[], factor: number): UsageLine[] =>
  lines.map((line) => ({ ...line, amount: line.amount * factor }));

/**
 * Variable cost lines per 1,000 dossiers at `monthlyDossiers` a month, from the usage of one
 * dossier (metered over N dossiers, divided by N). Lines not billed per unit (DynamoDB request
 * counts) are left out; those priced at 0 (stream reads) stay, to show they were counted.
 */
export function variableCostsPer1000(
  usagePerDossier: readonly UsageLine[],
  table: PriceTable,
  monthlyDossiers: number,
  logging: LoggingSetup,
): CostLine[] {
  const per1000 = scale([...usagePerDossier, ...modelledUsage(usagePerDossier, table, logging)], 1000);
  // One trace per invocation: an API request's trace holds its stage and its one function. The
  // reservoir's traces are a fixed cost (reservoirTraces, fixedMonthlyCosts); each invocation
  // adds the sampling rate's share of a trace.
  const tracesPerDossier = total(usagePerDossier, 'Lambda', 'invocations');
  if (tracesPerDossier > 0 && monthlyDossiers > 0) {
    per1000.push({
      service: 'X-Ray',
      operation: 'traces past the reservoir (default sampling, modelled)',
      unit: 'traces',
      amount: table.assumptions.xraySampling.rate * tracesPerDossier * 1000,
    });
  }
  const lines: CostLine[] = [];
  for (const line of per1000) {
    const billed =
      line.service === 'X-Ray' ? { priceKey: 'xray.traceRecorded', quantity: line.amount } : billedAs(line);
    if (!billed) continue;
    const price = priceOf(table, billed.priceKey);
    lines.push({
      service: line.service,
      item: line.operation,
      quantity: billed.quantity,
      unit: price.unit,
      priceKey: billed.priceKey,
      usd: costOf(billed.quantity, price),
    });
  }
  return lines;
}

/** What one deployment holds that is billed by the month, whatever the volume (from its template). */
export type FixedInventory = {
  webAcls: number;
  wafRules: number;
  kmsKeys: number;
  secrets: number;
  alarms: number;
  dashboards: number;
  m2mAppClients: number;
  /** SQS event source mappings: their idle long polling. */
  sqsMappings: number;
  /** Tables encrypted with the customer managed key. */
  kmsTables: number;
  /** Queues encrypted with the customer managed key, with their data key reuse period. */
  kmsQueues: { dataKeyReuseSeconds: number }[];
  /** Buckets encrypted with the customer managed key and an S3 Bucket Key. */
  bucketKeyBuckets: number;
  /** Scheduled functions: invocations a month, memory, and the seconds each run is taken to last. */
  schedules: { functionName: string; perMonth: number; memoryMiB: number; seconds: number }[];
};

/** The fixed monthly cost lines of one deployment. */
export function fixedMonthlyCosts(inventory: FixedInventory, table: PriceTable): CostLine[] {
  const a = table.assumptions;
  const lines: CostLine[] = [];
  const line = (service: string, item: string, quantity: number, priceKey: string) => {
    if (quantity <= 0) return;
    const price = priceOf(table, priceKey);
    lines.push({ service, item, quantity, unit: price.unit, priceKey, usd: costOf(quantity, price) });
  };
  const refreshes = (seconds: number) => a.secondsPerMonth / seconds;
  line('WAF', 'web ACL', inventory.webAcls, 'waf.webAcl');
  line('WAF', 'rules and rule groups', inventory.wafRules, 'waf.rule');
  line('KMS', 'customer managed keys', inventory.kmsKeys, 'kms.key');
  line(
    'KMS',
    'requests: DynamoDB table keys (modelled)',
    inventory.kmsTables * refreshes(a.kmsKeyRefreshSeconds),
    'kms.request',
  );
  line(
    'KMS',
    'requests: SQS data keys, producer and consumer (modelled)',
    inventory.kmsQueues.reduce((sum, q) => sum + 2 * refreshes(q.dataKeyReuseSeconds), 0),
    'kms.request',
  );
  line(
    'KMS',
    'requests: S3 Bucket Keys (modelled)',
    inventory.bucketKeyBuckets * refreshes(a.kmsKeyRefreshSeconds),
    'kms.request',
  );
  line(
    'KMS',
    'requests: secret decryption (modelled)',
    inventory.secrets * refreshes(a.secretCacheSeconds),
    'kms.request',
  );
  line('Secrets Manager', 'secrets', inventory.secrets, 'secretsmanager.secret');
  line(
    'Secrets Manager',
    'GetSecretValue, 5 min cache (modelled)',
    inventory.secrets * refreshes(a.secretCacheSeconds),
    'secretsmanager.apiCall',
  );
  line(
    'X-Ray',
    "default rule's reservoir, one trace a second (modelled; at most, reached at one request a second)",
    reservoirTraces(table),
    'xray.traceRecorded',
  );
  line('CloudWatch', 'alarms', inventory.alarms, 'cloudwatch.alarm');
  line('CloudWatch', 'dashboards', inventory.dashboards, 'cloudwatch.dashboard');
  line('Cognito', 'M2M app clients', inventory.m2mAppClients, 'cognito.m2mAppClient');
  line(
    'Cognito',
    'M2M token requests, one per client per token lifetime (modelled)',
    inventory.m2mAppClients * (a.secondsPerMonth / 60 / a.m2mTokenLifetimeMinutes),
    'cognito.m2mTokenRequest',
  );
  line(
    'SQS',
    'idle long polling of event source mappings (modelled)',
    inventory.sqsMappings * a.sqsIdlePollersPerMapping * refreshes(a.sqsLongPollSeconds),
    'sqs.request',
  );
  for (const schedule of inventory.schedules) {
    line('Lambda', `${schedule.functionName} (schedule)`, schedule.perMonth, 'lambda.request');
    line(
      'Lambda',
      `${schedule.functionName} (schedule, ${schedule.seconds} s a run)`,
      schedule.perMonth * schedule.seconds * (schedule.memoryMiB / 1024),
      'lambda.durationArm64',
    );
  }
  return lines;
}

export const sumUsd = (lines: readonly CostLine[]): number => lines.reduce((sum, l) => sum + l.usd, 0);

/**
 * Dollars per 1,000 dossiers: the platform's variable cost (what the goal is about), the messages
 * to applicants, the fixed month spread over the volume, and all three together.
 */
export function perThousand(
  variablePer1000: readonly CostLine[],
  fixedMonthly: readonly CostLine[],
  monthlyDossiers: number,
): { platform: number; messages: number; fixedShare: number; allIn: number } {
  const platform = sumUsd(variablePer1000.filter((l) => !isMessageLine(l)));
  const messages = sumUsd(variablePer1000.filter(isMessageLine));
  const fixedShare = (sumUsd(fixedMonthly) / monthlyDossiers) * 1000;
  return { platform, messages, fixedShare, allIn: platform + messages + fixedShare };
}
