/** Fixed facts of the local runtime, free of heavy imports (tests and tools read them too). */
import { resolve } from 'node:path';

/** The repository root (topology entries and the `.motcua/` data folder are relative to it). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The region every local resource lives in (ARNs, fauxqs queue URLs, SDK clients). */
export const LOCAL_REGION = 'ap-southeast-1';

/** Emulators accept any credentials; these dummy ones keep real credentials out of local calls. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The account id fauxqs puts in queue URLs and ARNs. */
export const LOCAL_ACCOUNT_ID = '000000000000';
