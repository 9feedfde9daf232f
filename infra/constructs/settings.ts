import type { Node } from 'constructs';
import { officeHours } from '#shared/config/office-hours.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import { AGENCY_SYSTEMS, type AgencySystemId, UPLOAD_ORIGINS_CONTEXT } from '../topology.ts';

/** `{ "<agencyId>": "https://..." }`: agency systems that take deliveries at their own endpoint. */
export const AGENCY_WEBHOOKS_CONTEXT = 'motcua:agencyWebhooks';
/** Office hours of the province, e.g. `07:00-11:30,13:30-17:00` (unset: the calendar's default). */
export const OFFICE_HOURS_CONTEXT = 'motcua:officeHours';

/** `GUARDDUTY`: uploads wait for GuardDuty Malware Protection for S3's verdict tag. */
export const MALWARE_SCAN_CONTEXT = 'motcua:malwareScan';
export { UPLOAD_ORIGINS_CONTEXT };

export type DeploySettings = {
  /** Browser origins allowed to POST uploads to the documents bucket (https, no path). */
  uploadOrigins: string[];
  /** Whether uploads wait for the malware scan's tag before VERIFIED. */
  malwareScan: 'GUARDDUTY' | undefined;
  /** Validated: every key an agency system of the topology, every value an https:// URL. */
  agencyWebhooks: Partial<Record<AgencySystemId, string>>;
  /** Validated office sessions, or undefined for the handlers' default. */
  officeHours: string | undefined;
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

/**
 * The `motcua:uploadOrigins` context value: a JSON array (cdk.json, or its text with `-c`) or a
 * comma-separated list of browser origins, each `https://host[:port]` without a path.
 */
export function parseUploadOrigins(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    list = value.trim().startsWith('[')
      ? (() => {
          try {
            return JSON.parse(value) as unknown;
          } catch {
            fail(UPLOAD_ORIGINS_CONTEXT, `not valid JSON: ${value}`);
          }
        })()
      : value.split(',').map((origin) => origin.trim());
  }
  if (!Array.isArray(list))
    fail(UPLOAD_ORIGINS_CONTEXT, 'must be a list of origins like ["https://dichvucong.gov.vn"]');
  return list.map((origin) => {
    const parsed = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin) : undefined;
    if (parsed?.protocol !== 'https:' || parsed.origin !== origin) {
      fail(
        UPLOAD_ORIGINS_CONTEXT,
        `${JSON.stringify(origin)} is not an https origin (https://host[:port], no path)`,
      );
    }
    return origin;
  });
}

/** The `motcua:malwareScan` context value: unset, or `GUARDDUTY`. */
export function parseMalwareScan(value: unknown): 'GUARDDUTY' | undefined {
  if (value === undefined || value === null || value === '' || value === false || value === 'false')
    return undefined;
  if (value === 'GUARDDUTY') return value;
  fail(MALWARE_SCAN_CONTEXT, `must be "GUARDDUTY" or unset (got ${JSON.stringify(value)})`);
}

/** The deploy-time settings of the context, validated at synthesis. */
export const deploySettings = (node: Node): DeploySettings => ({
  uploadOrigins: parseUploadOrigins(node.tryGetContext(UPLOAD_ORIGINS_CONTEXT)),
  malwareScan: parseMalwareScan(node.tryGetContext(MALWARE_SCAN_CONTEXT)),
  agencyWebhooks: parseAgencyWebhooks(node.tryGetContext(AGENCY_WEBHOOKS_CONTEXT)),
  officeHours: parseOfficeHours(node.tryGetContext(OFFICE_HOURS_CONTEXT)),
});
