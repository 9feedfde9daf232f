/**
 * Writes the published OpenAPI document, `shared/contract/openapi.json`, from the zod contracts
 * and the topology's routes (shared/contract/openapi.ts). `GET /v1/openapi.json` serves that file
 * in Lambda and locally alike, so its function carries neither zod-openapi nor the contracts; a
 * unit test (test/unit/openapi-published.test.ts) fails when the file is not what this writes.
 *
 *   npm run openapi            rewrites the file
 *   npm run openapi -- --check exits 1 when the file is out of date (writes nothing)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openApiDocument } from '#shared/contract/openapi.ts';

export const OPENAPI_FILE = new URL('../../shared/contract/openapi.json', import.meta.url);

/** The file's text: two-space indented, one trailing newline (left alone by the formatter). */
export const openApiFileText = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const text = openApiFileText();
  const current = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (values.check) {
    if (current !== text) {
      process.stderr.write('shared/contract/openapi.json is out of date: run `npm run openapi`\n');
      process.exit(1);
    }
    process.stdout.write('shared/contract/openapi.json is up to date\n');
  } else if (current === text) {
    process.stdout.write('shared/contract/openapi.json unchanged\n');
  } else {
    await writeFile(OPENAPI_FILE, text);
    process.stdout.write(`shared/contract/openapi.json written (${Buffer.byteLength(text)} bytes)\n`);
  }
}
