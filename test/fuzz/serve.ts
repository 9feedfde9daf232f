/**
 * Child process of the fuzz project's global setup: starts the fuzz runtime, prints its target
 * as one JSON line on stdout, and stops on SIGTERM.
 */
import { startFuzzRuntime } from './runtime.ts';

const { runtime, target } = await startFuzzRuntime();
process.stdout.write(`${JSON.stringify({ fuzzTarget: target })}\n`);
const stop = () => {
  runtime.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
