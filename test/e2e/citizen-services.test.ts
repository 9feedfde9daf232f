/**
 * The citizen-facing services over HTTP against `npm start -- --memory`: a dossier filed
 * at the counter has a receipt PDF whose text holds the title and the code with diacritics and
 * whose QR code decodes to its lookup page; that page, opened in headless Chromium, shows the
 * status, and a wrong pair gets the same 404 as an unknown code; the public lookup is limited per
 * address (429); the rating is taken once after RETURNED.
 *
 * Chromium is Debian's (/usr/bin/chromium), driven by playwright-core; the screenshots go to
 * test-output/ (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/local/constants.ts';
import { readPdf } from '../fixtures/pdf.ts';
import { api, baseUrl, checkAnswer, token } from './http.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'e2e');
const TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

const tokens = {} as Record<'center' | 'otherCenter' | 'police', string>;
/** A fresh profile (its --user-data-dir) for this run, removed after it. */
let browser: BrowserContext;
let profileDir: string;
let code: string;

beforeAll(async () => {
  tokens.center = await token('local-center-hong-gai');
  tokens.otherCenter = await token('local-center-bai-chay');
  tokens.police = await token('local-agency-police');
  const procedure = await api<{ documents: { code: string; mandatory: boolean }[] }>(
    'GET',
    '/v1/procedures/3.000333',
    { token: tokens.center },
  );
  const filed = await api<{ dossierCode: string }>('POST', '/v1/dossiers', {
    token: tokens.center,
    headers: { 'idempotency-key': `e2e-citizen-${Date.now()}` },
    body: {
      procedureCode: '3.000333',
      centerId: 'hong-gai',
      channel: 'DIRECT',
      applicant: {
        type: 'CITIZEN',
        idNumber: '022190004567',
        fullName: 'Trần Thị Bích Ngọc',
        address: 'Tổ 3, khu 5, phường Hồng Gai',
        email: 'ngoc@example.vn',
      },
      summary: 'Cấp Phiếu lý lịch tư pháp số 1',
      documents: procedure.json.documents.filter((d) => d.mandatory).map((d) => ({ documentCode: d.code })),
      resultDelivery: 'COUNTER',
    },
  });
  expect(filed.status, filed.text).toBe(201);
  code = filed.json.dossierCode;

  profileDir = await mkdtemp(join(tmpdir(), 'motcua-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    // A phone's viewport; no script: the page must work without it.
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

async function receipt(bearer: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await api('GET', `/v1/dossiers/${code}/receipt`, {
    token: bearer,
    headers: { accept: 'application/pdf' },
  });
  return { status: response.status, type: response.headers.get('content-type'), bytes: response.bytes };
}

/** A page the browser navigated to, checked against the published contract like any API answer. */
async function checked(response: PageResponse | null): Promise<PageResponse | null> {
  if (response) {
    const url = new URL(response.url());
    await checkAnswer({
      method: response.request().method(),
      path: `${url.pathname}${url.search}`,
      status: response.status(),
      contentType: (await response.headerValue('content-type')) ?? null,
      body: await response.text(),
    });
  }
  return response;
}

/** A lookup from another loopback address: the per-address limit counts it on its own. */
function lookupFrom(
  localAddress: string,
  path: string,
): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(path, baseUrl());
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, localAddress },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          const answer = {
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body,
          };
          checkAnswer({ method: 'GET', path, status: answer.status, contentType: answer.type, body }).then(
            () => resolve(answer),
            reject,
          );
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('receipt', () => {
  it('is a PDF whose text holds the title and the code, and whose QR decodes to the lookup page', async () => {
    const answer = await receipt(tokens.center);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/pdf');
    const read = await readPdf(answer.bytes);
    expect(read.pages).toHaveLength(1);
    expect(read.text).toContain(TITLE);
    expect(read.text).toContain(code);
    expect(read.text).toContain('Trần Thị Bích Ngọc');
    expect(read.qrCodes).toEqual([`${baseUrl()}/tra-cuu?ma=${encodeURIComponent(code)}&so=4567`]);
    // The same dossier version, the same bytes.
    expect(Buffer.from((await receipt(tokens.center)).bytes).equals(Buffer.from(answer.bytes))).toBe(true);
  });

  it('is 404 for a client that may not see the dossier', async () => {
    expect((await receipt(tokens.otherCenter)).status).toBe(404);
  });
});

describe('public lookup in a browser', () => {
  it('opens the receipt’s QR link and shows the status, with no personal data', async () => {
    const [link] = (await readPdf((await receipt(tokens.center)).bytes)).qrCodes;
    const page = await browser.newPage();
    const response = await checked(await page.goto(link ?? ''));
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Đã tiếp nhận');
    expect(await page.locator('h2').first().textContent()).toBe(`Hồ sơ ${code}`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const text = await page.locator('body').textContent();
    expect(text).toContain('(3.000333)');
    expect(text).not.toContain('Trần Thị Bích Ngọc');
    expect(text).not.toContain('022190004567');
    // Every field has its label; the page fits a phone's width.
    await expect.poll(() => page.getByLabel('Mã hồ sơ').count()).toBe(1);
    await expect.poll(() => page.getByLabel('4 số cuối giấy tờ tùy thân của người nộp').count()).toBe(1);
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'tra-cuu-found.png'), fullPage: true });
    await page.close();
  });

  it('answers a wrong pair with the same 404 page as an unknown code, and the form works without script', async () => {
    const page = await browser.newPage();
    await checked(await page.goto(`${baseUrl()}/tra-cuu`));
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('4 số cuối giấy tờ tùy thân của người nộp').fill('0000');
    const [wrong] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Tra cứu' }).click(),
    ]);
    await checked(wrong);
    expect(wrong?.status()).toBe(404);
    const wrongText = await page.locator('[role=alert]').textContent();
    const wrongBody = await wrong?.text();
    await page.screenshot({ path: join(SCREENSHOTS, 'tra-cuu-not-found.png'), fullPage: true });

    const unknownCode = code.replace(/\d{4}$/, '9999');
    const unknown = await checked(
      await page.goto(`${baseUrl()}/tra-cuu?ma=${encodeURIComponent(unknownCode)}&so=0000`),
    );
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('[role=alert]').textContent()).toBe(wrongText);
    const unknownBody = await unknown?.text();
    expect(wrongBody?.replaceAll(code, 'X')).toBe(unknownBody?.replaceAll(unknownCode, 'X'));
    await page.close();
  });
});

describe('public lookup as JSON', () => {
  it('answers the public view, and a wrong pair with the body of an unknown code', async () => {
    const found = await api('GET', `/v1/lookup?dossierCode=${encodeURIComponent(code)}&idLast4=4567`);
    expect(found.status, found.text).toBe(200);
    expect(found.json).toMatchObject({ dossierCode: code, status: 'RECEIVED', statusCode: 2 });
    expect(found.text).not.toContain('Trần');
    const wrong = await api('GET', `/v1/lookup?dossierCode=${encodeURIComponent(code)}&idLast4=0000`);
    const unknown = await api(
      'GET',
      `/v1/lookup?dossierCode=${encodeURIComponent(code.replace(/\d{4}$/, '9999'))}&idLast4=0000`,
    );
    expect(wrong.status).toBe(404);
    expect(wrong.text).toBe(unknown.text);
    expect(wrong.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
  });

  it('limits each address: past 30 a minute, 429 problem+json, while another address is served', async () => {
    const path = `/v1/lookup?dossierCode=${encodeURIComponent(code)}&idLast4=4567`;
    const statuses: number[] = [];
    let refused: { status: number; type: string; body: string } | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const answer = await lookupFrom('127.0.0.77', path);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(refused?.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ status: 429 });
    expect((await lookupFrom('127.0.0.78', path)).status).toBe(200);
  });
});

describe('rating', () => {
  it('is 409 before RETURNED, 201 once after, and 409 a second time', async () => {
    const rate = (score: number) =>
      api('POST', `/v1/dossiers/${code}/rating`, {
        token: tokens.center,
        body: { score, comment: 'Nhanh gọn' },
      });
    expect((await rate(5)).status).toBe(409);
    const act = async (bearer: string, action: string, extra: Record<string, unknown> = {}) => {
      const answer = await api('POST', `/v1/dossiers/${code}/actions`, {
        token: bearer,
        body: { action, ...extra },
      });
      expect(answer.status, `${action}: ${answer.text}`).toBe(200);
    };
    await act(tokens.police, 'START');
    await act(tokens.police, 'RESOLVE', {
      documents: [{ documentCode: 'KQ01', name: 'Phiếu lý lịch tư pháp' }],
    });
    await act(tokens.center, 'RETURN_RESULT');
    const first = await rate(4);
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ score: 4, comment: 'Nhanh gọn' });
    expect((await rate(1)).status).toBe(409);
    const dossier = await api('GET', `/v1/dossiers/${code}`, { token: tokens.center });
    expect(dossier.json).toMatchObject({ status: 'RETURNED', rating: { score: 4 } });
  });
});
