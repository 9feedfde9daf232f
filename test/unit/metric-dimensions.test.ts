/**
 * Powertools metrics keep bounded dimensions: every CloudWatch dimension value is a separate
 * metric (billed, and a dashboard cannot show thousands). This lists every place the code adds a
 * dimension, with the bounded set its values come from; a new call fails here until it is
 * reviewed and added with its bound (docs/architecture.md §7).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/local/constants.ts';

/** `file: dimension argument` → where its values come from. */
const AUDITED: Record<string, string> = {
  "functions/api/submit-dossier.ts: 'channel'": 'the dossier channel: ONLINE, DIRECT, POSTAL',
  'functions/schedule/sweep-overdue.ts: dimension':
    "'centerId' (the catalog's centers) or 'agencyId' (the seven agency systems)",
  "functions/api/payment-callback.ts: 'reason'":
    'why a payment callback was refused: signature, amount, expired, unknown-payment',
};

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)));
}

describe('metric dimensions', () => {
  it('every addDimension / addDimensions / setDefaultDimensions call is audited, and none is dropped', async () => {
    const found: string[] = [];
    for (const file of [...(await sources('functions')), ...(await sources('shared'))]) {
      const text = await readFile(join(REPO_ROOT, file), 'utf8');
      for (const match of text.matchAll(
        /\.(addDimension|addDimensions|setDefaultDimensions)\(\s*([^,)]+)/g,
      )) {
        found.push(`${file}: ${match[2]?.trim()}`);
      }
    }
    expect(found.sort()).toEqual(Object.keys(AUDITED).sort());
  });
});
