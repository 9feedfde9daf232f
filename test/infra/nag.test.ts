import { describe, expect, test } from 'vitest';
import { defaultStack } from './synth.ts';

// The report comes from the default stack, checked once per run by the global setup.
const { nag } = defaultStack();

describe('cdk-nag AwsSolutions', () => {
  test('no unacknowledged finding', () => {
    // On failure the diff lists every finding with its construct path.
    expect(nag.open.map((f) => `${f.rule} (${f.severity}) at ${f.path}: ${f.description}`)).toEqual([]);
  });

  test('every acknowledgement gives a reason', () => {
    expect(nag.acknowledgements.length).toBeGreaterThan(0);
    const withoutReason = nag.acknowledgements.filter(
      (ack) => typeof ack.reason !== 'string' || ack.reason.trim().length === 0,
    );
    expect(withoutReason).toEqual([]);
  });

  test('every acknowledgement silences a finding that really occurs (none is stale or too broad)', () => {
    expect(nag.acknowledgements.length).toBeGreaterThan(0);
    const unused = nag.acknowledgements
      .filter(
        (ack) =>
          !nag.unfiltered.some(
            (f) => f.rule === ack.rule && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)),
          ),
      )
      .map((ack) => `${ack.rule} at ${ack.path}`);
    expect(unused).toEqual([]);
  });
});
