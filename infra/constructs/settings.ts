import type { Node } from 'constructs';
import { parseClientRateLimit } from '#shared/config/client-rate-limit.ts';
import { officeHours } from '#shared/config/office-hours.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import {
  AGENCY_SYSTEMS,
  type AgencySystemId,
  DEFAULT_CLIENT_RATE_LIMIT,
  UPLOAD_ORIGINS_CONTEXT,
} from '../topology.ts';

/** `{ "<agencyId>": "https://..." }`: agency systems that take deliveries at their own endpoint. */
export const AGENCY_WEBHOOKS_CONTEXT = 'motcua:agencyWebhooks';
/** Office hours of the province, e.g. `07:00-11:30,13:30-17:00` (unset: the calendar's default). */
export const OFFICE_HOURS_CONTEXT = 'motcua:officeHours';

/** `GUARDDUTY`: uploads wait for GuardDuty Malware Protection for S3's verdict tag. */
export const MALWARE_SCAN_CONTEXT = 'motcua:malwareScan';
export { UPLOAD_ORIGINS_CONTEXT };
/** Prefix of the Cognito domain serving `/oauth2/token` (default: derived from the stage). */
export const COGNITO_DOMAIN_PREFIX_CONTEXT = 'motcua:cognitoDomainPrefix';
/** `true` or `false`: retain data, deletion and termination protection (default: stage `prod`). */
export const PRODUCTION_CONTEXT = 'motcua:production';
/** Per-client limit `<requests>/<seconds>` (default DEFAULT_CLIENT_RATE_LIMIT). */
export const CLIENT_RATE_LIMIT_CONTEXT = 'motcua:clientRateLimit';
/** Origins allowed to call the API from a browser (default: none, no CORS). */
export const CORS_ORIGINS_CONTEXT = 'motcua:corsOrigins';
/** ISO 3166-1 alpha-2 countries the firewall lets through (default: every country). */
export const ALLOWED_COUNTRIES_CONTEXT = 'motcua:allowedCountries';
/** `{ "domainName": "api.example.vn", "certificateArn": "arn:aws:acm:..." }` (default: none). */
export const CUSTOM_DOMAIN_CONTEXT = 'motcua:customDomain';

/** What the per-stage Cognito domain prefix is derived from: `motcua-quang-ninh-<stage>`. */
export const COGNITO_DOMAIN_PREFIX_BASE = 'motcua-quang-ninh';

export type CustomDomain = { domainName: string; certificateArn: string };

export type DeploySettings = {
  /** Browser origins allowed to POST uploads to the documents bucket (https, no path). */
  uploadOrigins: string[];
  /** Whether uploads wait for the malware scan's tag before VERIFIED. */
  malwareScan: 'GUARDDUTY' | undefined;
  /** Validated: every key an agency system of the topology, every value an https:// URL. */
  agencyWebhooks: Partial<Record<AgencySystemId, string>>;
  /** Validated office sessions, or undefined for the handlers' default. */
  officeHours: string | undefined;
  /** Valid for Cognito, unique per stage unless overridden. */
  cognitoDomainPrefix: string;
  /** Retain stateful resources, deletion protection, termination protection. */
  production: boolean;
  /** `<requests>/<seconds>`, validated. */
  clientRateLimit: string;
  /** `https://host[:port]` origins, deduplicated. */
  corsOrigins: string[];
  /** Upper-case ISO alpha-2 codes; empty: no country rule. */
  allowedCountries: string[];
  customDomain: CustomDomain | undefined;
};

const isAgencySystem = (value: string): value is AgencySystemId =>
  (AGENCY_SYSTEMS as readonly string[]).includes(value);

function fail(context: string, why: string): never {
  throw new Error(`context ${context}: ${why}`);
}

/**
 * The `motcua:agencyWebhooks` context value: an object (cdk.json) or its JSON text (`-c`).
 * Throws a message naming the bad entry, so a typo fails `cdk synth` instead of a delivery.
 */
export function parseAgencyWebhooks(value: unknown): Partial<Record<AgencySystemId, string>> {
  if (value === undefined || value === null || value === '') return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      fail(AGENCY_WEBHOOKS_CONTEXT, `not valid JSON: ${value}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(AGENCY_WEBHOOKS_CONTEXT, 'must be an object { "<agencyId>": "https://..." }');
  }
  const webhooks: Partial<Record<AgencySystemId, string>> = {};
  for (const [agencyId, url] of Object.entries(parsed as Record<string, unknown>).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!isAgencySystem(agencyId)) {
      fail(
        AGENCY_WEBHOOKS_CONTEXT,
        `"${agencyId}" is not an agency system (one of ${AGENCY_SYSTEMS.join(', ')})`,
      );
    }
    if (typeof url !== 'string' || !URL.canParse(url) || new URL(url).protocol !== 'https:') {
      fail(
        AGENCY_WEBHOOKS_CONTEXT,
        `the endpoint of "${agencyId}" must be an https:// URL (got ${JSON.stringify(url)})`,
      );
    }
    webhooks[agencyId] = url;
  }
  return webhooks;
}

/**
 * The `motcua:officeHours` context value, checked the way the handlers will read it (sessions
 * `HH:mm-HH:mm`, in order, not overlapping). Unset or empty: undefined.
 */
export function parseOfficeHours(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    fail(OFFICE_HOURS_CONTEXT, 'must be a string like "07:00-11:30,13:30-17:00"');
  }
  try {
    workingCalendar([], officeHours(value));
  } catch (error) {
    fail(
      OFFICE_HOURS_CONTEXT,
      `"${value}" is not valid office hours (${(error as Error).message}); ` +
        'expected sessions like "07:00-11:30,13:30-17:00"',
    );
  }
  return value;
}

/** The `motcua:malwareScan` context value: unset, or `GUARDDUTY`. */
export function parseMalwareScan(value: unknown): 'GUARDDUTY' | undefined {
  if (value === undefined || value === null || value === '' || value === false || value === 'false')
    return undefined;
  if (value === 'GUARDDUTY') return value;
  fail(MALWARE_SCAN_CONTEXT, `must be "GUARDDUTY" or unset (got ${JSON.stringify(value)})`);
}

/** A stage name: the stack name suffix, the API stage, part of the Cognito domain prefix. */
export function parseStage(stage: string): string {
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage) || stage.endsWith('-')) {
    fail(
      'motcua:stage',
      `"${stage}" must be 1-20 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  return stage;
}

/**
 * A Cognito domain prefix as Cognito accepts it (lower-case letters, digits and inner hyphens,
 * at most 63 characters) and without the words it reserves (`aws`, `amazon`, `cognito`), which
 * it refuses only at deploy time.
 */
export function parseCognitoDomainPrefix(value: unknown, stage: string): string {
  const prefix =
    value === undefined || value === null || value === '' ? `${COGNITO_DOMAIN_PREFIX_BASE}-${stage}` : value;
  if (typeof prefix !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    fail(
      COGNITO_DOMAIN_PREFIX_CONTEXT,
      `${JSON.stringify(prefix)} is not a Cognito domain prefix (1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen)`,
    );
  }
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => prefix.includes(word));
  if (reserved) {
    fail(COGNITO_DOMAIN_PREFIX_CONTEXT, `"${prefix}" contains "${reserved}", which Cognito reserves`);
  }
  return prefix;
}

/** `true`/`false` (or their text from `-c`); unset: production only for the stage `prod`. */
export function parseProduction(value: unknown, stage: string): boolean {
  if (value === undefined || value === null || value === '') return stage === 'prod';
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fail(PRODUCTION_CONTEXT, `must be true or false (got ${JSON.stringify(value)})`);
}

export function parseClientRateLimitSetting(value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_CLIENT_RATE_LIMIT;
  if (typeof value !== 'string') fail(CLIENT_RATE_LIMIT_CONTEXT, 'must be a string like "100/10"');
  try {
    const { requests, windowSeconds } = parseClientRateLimit(value);
    return `${requests}/${windowSeconds}`;
  } catch (error) {
    return fail(CLIENT_RATE_LIMIT_CONTEXT, (error as Error).message);
  }
}

/** A list from cdk.json (an array) or `-c` (JSON text, or comma-separated). */
function listOf(context: string, value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') fail(context, 'must be a list');
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    fail(context, `not a valid JSON list: ${value}`);
  }
  return text.split(',').map((item) => item.trim());
}

/** Origins exactly as browsers send them: `https://host[:port]`, no path, no trailing slash. */
export function parseCorsOrigins(value: unknown, context = CORS_ORIGINS_CONTEXT): string[] {
  const origins = listOf(context, value).map((origin) => {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).protocol !== 'https:') {
      fail(context, `${JSON.stringify(origin)} is not an https:// origin`);
    }
    if (new URL(origin).origin !== origin) {
      fail(context, `"${origin}" must be an origin only, e.g. "${new URL(origin).origin}"`);
    }
    return origin;
  });
  return [...new Set(origins)];
}

export function parseAllowedCountries(value: unknown): string[] {
  const countries = listOf(ALLOWED_COUNTRIES_CONTEXT, value).map((code) => {
    if (typeof code !== 'string' || !/^[A-Za-z]{2}$/.test(code)) {
      fail(ALLOWED_COUNTRIES_CONTEXT, `${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code`);
    }
    return code.toUpperCase();
  });
  return [...new Set(countries)].sort();
}

export function parseCustomDomain(value: unknown): CustomDomain | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      fail(CUSTOM_DOMAIN_CONTEXT, `not valid JSON: ${value}`);
    }
  }
  const { domainName, certificateArn } = (parsed ?? {}) as Record<string, unknown>;
  if (
    typeof domainName !== 'string' ||
    !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)
  ) {
    fail(
      CUSTOM_DOMAIN_CONTEXT,
      `domainName must be a lower-case DNS name (got ${JSON.stringify(domainName)})`,
    );
  }
  if (
    typeof certificateArn !== 'string' ||
    !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(certificateArn)
  ) {
    fail(
      CUSTOM_DOMAIN_CONTEXT,
      `certificateArn must be the ARN of an ACM certificate in the stack's region (got ${JSON.stringify(certificateArn)})`,
    );
  }
  return { domainName, certificateArn };
}

/** The deploy-time settings of the context for a stage, validated at synthesis. */
export const deploySettings = (node: Node, stage: string): DeploySettings => ({
  uploadOrigins: parseCorsOrigins(node.tryGetContext(UPLOAD_ORIGINS_CONTEXT), UPLOAD_ORIGINS_CONTEXT),
  malwareScan: parseMalwareScan(node.tryGetContext(MALWARE_SCAN_CONTEXT)),
  agencyWebhooks: parseAgencyWebhooks(node.tryGetContext(AGENCY_WEBHOOKS_CONTEXT)),
  officeHours: parseOfficeHours(node.tryGetContext(OFFICE_HOURS_CONTEXT)),
  cognitoDomainPrefix: parseCognitoDomainPrefix(
    node.tryGetContext(COGNITO_DOMAIN_PREFIX_CONTEXT),
    parseStage(stage),
  ),
  production: parseProduction(node.tryGetContext(PRODUCTION_CONTEXT), stage),
  clientRateLimit: parseClientRateLimitSetting(node.tryGetContext(CLIENT_RATE_LIMIT_CONTEXT)),
  corsOrigins: parseCorsOrigins(node.tryGetContext(CORS_ORIGINS_CONTEXT)),
  allowedCountries: parseAllowedCountries(node.tryGetContext(ALLOWED_COUNTRIES_CONTEXT)),
  customDomain: parseCustomDomain(node.tryGetContext(CUSTOM_DOMAIN_CONTEXT)),
});
