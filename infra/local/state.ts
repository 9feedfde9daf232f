/**
 * `.motcua/state.json`: what the local runtime must remember between starts besides the
 * emulators' own data — the access key id its DynamoDB Local database belongs to, the token
 * signing key (tokens survive a restart), the cursor key (page cursors survive a restart; each
 * installation has its own), the fauxqs port (queue URLs and presigned URLs stay valid) and the
 * stream checkpoints (a restart resumes the stream after the last record the router finished).
 * In `--memory` mode nothing is written, and every run has a new key id.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newAccessKeyId } from './constants.ts';
import type { Log } from './log.ts';

export type LocalState = {
  version: 1;
  /**
   * The access key id of this installation's DynamoDB Local database (it keeps one per key id
   * and region): losing it hides the tables, so it is written before the emulators start.
   */
  accessKeyId: string;
  /** HS256 key of the local token endpoint, base64url. */
  tokenSigningKey: string;
  /** HMAC key of the page cursors, base64url (MOTCUA_CURSOR_KEY of the handlers). */
  cursorKey: string;
  /** The port fauxqs listened on last time (reused when free). */
  fauxqsPort?: number;
  /** Stream checkpoints: stream ARN → shard id → sequence number of the last record handled. */
  streams: Record<string, Record<string, string>>;
};

/** Where a stream consumer resumes. */
export interface CheckpointStore {
  get(streamArn: string, shardId: string): string | undefined;
  set(streamArn: string, shardId: string, sequenceNumber: string): void;
}

const newKey = () => randomBytes(32).toString('base64url');

const newState = (): LocalState => ({
  version: 1,
  accessKeyId: newAccessKeyId(),
  tokenSigningKey: newKey(),
  cursorKey: newKey(),
  streams: {},
});

/**
 * A state file's content. One written before access key ids or cursor keys existed gets them
 * here, and `upgraded` says it must be written back.
 */
function parseState(raw: string): { state: LocalState; upgraded: boolean } | undefined {
  const parsed = JSON.parse(raw) as Partial<LocalState> | null;
  if (parsed?.version !== 1 || typeof parsed.tokenSigningKey !== 'string') return undefined;
  const hasCursorKey =
    typeof parsed.cursorKey === 'string' && Buffer.from(parsed.cursorKey, 'base64url').length >= 32;
  const keyAdded = typeof parsed.accessKeyId !== 'string' || !/^[A-Za-z0-9]+$/.test(parsed.accessKeyId);
  const state: LocalState = {
    version: 1,
    accessKeyId: keyAdded ? newAccessKeyId() : String(parsed.accessKeyId),
    tokenSigningKey: parsed.tokenSigningKey,
    cursorKey: hasCursorKey && parsed.cursorKey ? parsed.cursorKey : newKey(),
    ...(typeof parsed.fauxqsPort === 'number' ? { fauxqsPort: parsed.fauxqsPort } : {}),
    streams: parsed.streams && typeof parsed.streams === 'object' ? parsed.streams : {},
  };
  return { state, upgraded: !hasCursorKey || keyAdded };
}

export class StateStore implements CheckpointStore {
  /** undefined: memory mode. */
  readonly file: string | undefined;
  private state: LocalState;
  private readonly log: Log | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(file: string | undefined, state: LocalState, log: Log | undefined) {
    this.file = file;
    this.state = state;
    this.log = log;
  }

  /** Loads `file` (created on first save); without a file the state lives in memory only. */
  static async open(file: string | undefined, log?: Log): Promise<StateStore> {
    if (file === undefined) return new StateStore(undefined, newState(), log);
    let loaded: ReturnType<typeof parseState>;
    try {
      loaded = parseState(await readFile(file, 'utf8'));
      if (!loaded) log?.warn('state file not understood; starting with a new one', { file });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log?.warn('state file unreadable; starting with a new one', { file, error: String(error) });
      }
    }
    const store = new StateStore(file, loaded?.state ?? newState(), log);
    if (!loaded || loaded.upgraded) await store.flush(true);
    return store;
  }

  get value(): Readonly<LocalState> {
    return this.state;
  }

  get signingKey(): Uint8Array {
    return Buffer.from(this.state.tokenSigningKey, 'base64url');
  }

  setFauxqsPort(port: number): void {
    if (this.state.fauxqsPort === port) return;
    this.state.fauxqsPort = port;
    this.schedule();
  }

  get(streamArn: string, shardId: string): string | undefined {
    return this.state.streams[streamArn]?.[shardId];
  }

  set(streamArn: string, shardId: string, sequenceNumber: string): void {
    const shards = this.state.streams[streamArn] ?? {};
    shards[shardId] = sequenceNumber;
    this.state.streams[streamArn] = shards;
    this.schedule();
  }

  /** Writes pending changes now (atomically: temp file + rename). */
  async flush(force = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.file === undefined || (!this.dirty && !force)) return this.writing;
    this.dirty = false;
    const file = this.file;
    const content = `${JSON.stringify(this.state, null, 2)}\n`;
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, content, { mode: 0o600 });
        await rename(temp, file);
      } catch (error) {
        this.log?.warn('could not write the state file', { file, error: String(error) });
      }
    });
    return this.writing;
  }

  private schedule(): void {
    if (this.file === undefined) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => void this.flush(), 250).unref();
  }
}
