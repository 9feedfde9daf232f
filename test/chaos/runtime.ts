/**
 * The local runtime on a given data folder, for the kill loop (kill-loop.ts): the same
 * `startLocalRuntime` as `npm start`, persistent, on CHAOS_DATA_DIR and PORT. Prints one line
 * `ready <url>` when it serves. It is meant to be killed (SIGKILL of its process group).
 */
import { createLog } from '#infra/local/log.ts';
import { startLocalRuntime } from '#infra/local/start.ts';

const dataDir = process.env.CHAOS_DATA_DIR;
if (!dataDir) throw new Error('CHAOS_DATA_DIR is required');
const runtime = await startLocalRuntime({
  port: Number(process.env.PORT ?? '0'),
  dataDir,
  log: createLog('WARN', '[chaos runtime]'),
});
process.stdout.write(`ready ${runtime.url}\n`);
