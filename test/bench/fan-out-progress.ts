/**
 * The benchmark's own counting, kept pure so it can be tested: how many of the filed dossiers
 * have reached the agency endpoint. A dossier counts once however often it was delivered
 * (deliveries are at-least-once), and a delivery of a dossier this run did not file counts for
 * nothing.
 */
export type FanOutProgress = {
  /** Distinct dossiers filed. */
  filed: number;
  /** Distinct filed dossiers delivered at least once. */
  delivered: number;
  /** Filed dossiers not delivered yet. */
  pending: string[];
  /** Every delivery the endpoint answered, repeats included. */
  deliveries: number;
};

export function fanOutProgress(
  filedCodes: Iterable<string>,
  deliveredCodes: readonly string[],
): FanOutProgress {
  const filed = new Set(filedCodes);
  const reached = new Set(deliveredCodes);
  const pending = [...filed].filter((code) => !reached.has(code));
  return {
    filed: filed.size,
    delivered: filed.size - pending.length,
    pending,
    deliveries: deliveredCodes.length,
  };
}

/**
 * The exit code of a run: 0 only when every submission was filed and every filed dossier was
 * delivered before the deadline; otherwise the figures describe a run that did not finish.
 */
export function benchExitCode(progress: FanOutProgress, submissionFailures: number): number {
  return progress.pending.length === 0 && submissionFailures === 0 ? 0 : 1;
}
