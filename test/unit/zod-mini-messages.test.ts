/**
 * zod/mini carries no messages of its own: without the English locale that
 * shared/contract/zod.ts sets, every field of a problem would read "Invalid input". Checked in a
 * process of its own that loads the contracts and, as a function bundle, no classic zod (which
 * would set English itself and hide a missing locale).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(resolve(path)).href);

const CHILD = `
import { registerHooks } from 'node:module';
const classic = [];
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.includes('/zod/v4/classic/')) classic.push(resolved.url);
    return resolved;
  },
});
const { SubmitDossierRequestSchema, DossierListQuerySchema } = await import(${moduleUrl('shared/contract/dossier.ts')});
const { CreateAttachmentRequestSchema } = await import(${moduleUrl('shared/contract/attachment.ts')});
const { PaymentCallbackSchema } = await import(${moduleUrl('shared/contract/payment.ts')});
const issues = (schema, input) =>
  schema.safeParse(input).error.issues.map((issue) => [issue.path.join('.'), issue.message]);
console.log(JSON.stringify({
  classic,
  submission: issues(SubmitDossierRequestSchema, {
    procedureCode: '!', centerId: 'hong-gai', channel: 'FAX',
    applicant: { type: 'CITIZEN', idNumber: '1', fullName: ' ', address: 'a'.repeat(600), email: 'x' },
    summary: 1, documents: [], resultDelivery: 'COUNTER', extra: 1,
  }),
  query: issues(DossierListQuerySchema, { limit: '0', receivedFrom: 'yesterday' }),
  attachment: issues(CreateAttachmentRequestSchema, {
    fileName: 'a.pdf', contentType: 'application/pdf', size: 1.5, sha256: 'ab',
  }),
  callback: issues(PaymentCallbackSchema, {}),
}));
`;

it('the contracts answer in English without classic zod', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD], {
    encoding: 'utf8',
  });
  const result = JSON.parse(stdout);
  expect(result.classic).toEqual([]);
  expect(result).toMatchInlineSnapshot(`
    {
      "attachment": [
        [
          "size",
          "Invalid input: expected int, received number",
        ],
        [
          "sha256",
          "64 hexadecimal digits",
        ],
      ],
      "callback": [
        [
          "paymentId",
          "Invalid input: expected string, received undefined",
        ],
        [
          "amount",
          "Invalid input: expected number, received undefined",
        ],
        [
          "status",
          "Invalid option: expected one of "PAID"|"FAILED"",
        ],
        [
          "transactionRef",
          "Invalid input: expected string, received undefined",
        ],
        [
          "paidAt",
          "Invalid input: expected string, received undefined",
        ],
        [
          "secureHash",
          "Invalid input: expected string, received undefined",
        ],
      ],
      "classic": [],
      "query": [
        [
          "receivedFrom",
          "Invalid input",
        ],
        [
          "limit",
          "Too small: expected number to be >=1",
        ],
      ],
      "submission": [
        [
          "procedureCode",
          "a procedure code: up to 40 letters, digits, dots and dashes",
        ],
        [
          "channel",
          "Invalid option: expected one of "ONLINE"|"DIRECT"|"POSTAL"",
        ],
        [
          "applicant.fullName",
          "Too small: expected string to have >=1 characters",
        ],
        [
          "applicant.email",
          "Invalid email address",
        ],
        [
          "applicant.address",
          "Too big: expected string to have <=500 characters",
        ],
        [
          "applicant.idNumber",
          "A citizen ID number (CCCD) has 12 digits",
        ],
        [
          "summary",
          "Invalid input: expected string, received number",
        ],
        [
          "",
          "Unrecognized key: "extra"",
        ],
      ],
    }
  `);
});
