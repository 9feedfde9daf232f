/**
 * The runtime the fuzz suite and the authorization matrix attack: `startLocalRuntime` in memory,
 * on a free port of 127.0.0.1, without agency webhooks and without schedules, so nothing but the
 * requests under test changes a dossier. Its token signing key is handed to the tests: an
 * expired or wrong-issuer token must be signed with the right key to test what it claims to.
 */
import { createLog } from '#infra/local/log.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/start.ts';
import { AGENCY_WEBHOOKS_ENV, CLIENT_RATE_LIMIT_ENV } from '#infra/topology.ts';

export type FuzzTarget = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The local token endpoint's HS256 key, base64url. */
  signingKey: string;
  /** The `iss` of the runtime's tokens. */
  issuer: string;
};

export async function startFuzzRuntime(): Promise<{ target: FuzzTarget; runtime: LocalRuntime }> {
  // Agencies work from their worklists: no delivery starts a dossier behind the fuzzer's back.
  delete process.env[AGENCY_WEBHOOKS_ENV];
  // Thousands of requests from a handful of tokens: the per-client throttle would answer most.
  process.env[CLIENT_RATE_LIMIT_ENV] = '1000000/1';
  const runtime = await startLocalRuntime({
    memory: true,
    port: 0,
    schedules: false,
    maxBatchingWindowSeconds: 0,
    // A 5xx's cause is logged by the handler at ERROR; nothing else is wanted on the console.
    handlerLogLevel: 'ERROR',
    log: createLog('ERROR', '[fuzz runtime]'),
  });
  return {
    runtime,
    target: {
      url: runtime.url,
      signingKey: Buffer.from(runtime.state.signingKey).toString('base64url'),
      issuer: runtime.http.tokens.issuer,
    },
  };
}
