import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/contract/openapi.ts';

/** The document as `redocly lint` sees it with the recommended ruleset, nothing turned off. */
describe('the OpenAPI document under redocly lint (recommended)', () => {
  it('has no errors and no warnings', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(openApiDocument()),
      absoluteRef: 'openapi.json',
      config,
    });
    const listed = problems.map(
      (p) =>
        `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer ?? '').join(', ')}`,
    );
    expect(listed, listed.join('\n')).toEqual([]);
  }, 30_000);
});
