import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '#infra/constructs/lambda-function.ts';
import { FUNCTIONS } from '#infra/topology.ts';

describe('function entries of the topology', () => {
  test.each(Object.values(FUNCTIONS).map((spec) => [spec.id, spec.entry]))(
    '%s exists at %s',
    (_id, entry) => {
      expect(existsSync(join(REPO_ROOT, entry))).toBe(true);
    },
  );
});
