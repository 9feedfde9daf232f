/**
 * What the local runtime keeps warm, as an execution environment would, instead of paying for
 * it on every request (docs/architecture.md, "Where the time goes locally").
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleBackoff } from '#infra/local/pollers.ts';
import { TokenService } from '#infra/local/tokens.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the local token service', () => {
  it('imports its signing key once, not on every token it signs or verifies', async () => {
    const importKey = vi.spyOn(webcrypto.subtle, 'importKey');
    const tokens = new TokenService(randomBytes(32), 'http://127.0.0.1:3000/local');
    for (let i = 0; i < 3; i++) {
      const { access_token } = await tokens.issue('local-portal', ['motcua/dossiers.read']);
      expect((await tokens.verify(access_token)).client_id).toBe('local-portal');
    }
    expect(importKey).toHaveBeenCalledTimes(1);
  });

  it('still refuses a token signed with another key', async () => {
    const ours = new TokenService(randomBytes(32), 'http://127.0.0.1:3000/local');
    const theirs = new TokenService(randomBytes(32), 'http://127.0.0.1:3000/local');
    const { access_token } = await theirs.issue('local-portal', ['motcua/dossiers.read']);
    await expect(ours.verify(access_token)).rejects.toThrow();
  });
});

describe('the stream poller between rounds', () => {
  it('reads again at once after records, then waits longer each idle round up to its interval', () => {
    const backoff = idleBackoff(20, 200);
    expect(backoff.next(false)).toBe(200); // never busy yet: the full interval
    expect(backoff.next(true)).toBe(0);
    expect([1, 2, 3, 4, 5].map(() => backoff.next(false))).toEqual([20, 40, 80, 160, 200]);
    expect(backoff.next(true)).toBe(0);
    expect(backoff.next(false)).toBe(20);
  });
});
