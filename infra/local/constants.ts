/** Fixed facts of the local runtime, free of heavy imports (tests and tools read them too). */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** The repository root (topology entries and the `.motcua/` data folder are relative to it). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The region every local resource lives in (ARNs, fauxqs queue URLs, SDK clients). */
export const LOCAL_REGION = 'ap-southeast-1';

export type LocalCredentials = { accessKeyId: string; secretAccessKey: string };

/**
 * A random access key id for the emulators (letters and digits: DynamoDB Local refuses others).
 * DynamoDB Local keeps a database per access key id and region, so a caller without this key id
 * sees none of the runtime's tables. It is no AWS credential: real ones stay out of local calls.
 */
export const newAccessKeyId = (): string => `MOTCUA${randomBytes(10).toString('hex').toUpperCase()}`;

/** The emulators check no signature: only the access key id matters, the secret is a placeholder. */
export const localCredentials = (accessKeyId: string): LocalCredentials => ({
  accessKeyId,
  secretAccessKey: 'local',
});

/** The account id fauxqs puts in queue URLs and ARNs. */
export const LOCAL_ACCOUNT_ID = '000000000000';
