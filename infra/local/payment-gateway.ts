/**
 * The simulated payment gateway of the local runtime (docs/api.md, Payments): the page a
 * payment's `payUrl` opens, on the runtime's own port (SIMULATED_PAYMENT_GATEWAY_PATH), and what
 * a real gateway then does, a signed callback to `POST /v1/payments/callback`.
 *
 * GET  shows the payment (its signed parameters checked) with two buttons, pay and cancel;
 * POST (a form: the same parameters plus `outcome=PAID|FAILED`) signs the callback with
 * MOTCUA_PAYMENT_SECRET, posts it to the runtime, and shows what the callback answered.
 * No script: plain HTML forms.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAYMENT_SECRET_ENV } from '#infra/topology.ts';
import { hasValidSignature, secureHash } from '#shared/domain/payment.ts';

const PAGE_FIELDS = ['paymentId', 'amount', 'orderInfo', 'expiresAt'] as const;
const MAX_FORM_BYTES = 16 * 1024;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  const bytes = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
  });
  res.end(bytes);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The signed page parameters, if the signature holds. */
function signedFields(params: URLSearchParams, secret: string): Record<string, string> | undefined {
  const fields = Object.fromEntries(PAGE_FIELDS.map((name) => [name, params.get(name) ?? '']));
  const hash = params.get('secureHash') ?? '';
  return hasValidSignature(fields, hash, secret) ? fields : undefined;
}

/** The gateway's own transaction reference: random, as a gateway's would be to the merchant. */
const transactionRef = () => `SIM${randomBytes(8).toString('hex').toUpperCase()}`;

/** Answers a request to the simulated gateway's page; `selfUrl` is the runtime's base URL. */
export async function simulatedPaymentGateway(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  selfUrl: string,
): Promise<void> {
  const secret = process.env[PAYMENT_SECRET_ENV];
  if (!secret)
    return page(res, 503, 'Cổng thanh toán chưa cấu hình', `<p>${PAYMENT_SECRET_ENV} is not set.</p>`);
  if (method === 'GET') {
    const fields = signedFields(url.searchParams, secret);
    if (!fields) return page(res, 400, 'Yêu cầu thanh toán không hợp lệ', '<p>Chữ ký không đúng.</p>');
    const hidden = [...PAGE_FIELDS, 'secureHash' as const]
      .map(
        (name) =>
          `<input type="hidden" name="${name}" value="${escapeHtml(url.searchParams.get(name) ?? '')}">`,
      )
      .join('');
    const form = (outcome: string, label: string) =>
      `<form method="post">${hidden}<input type="hidden" name="outcome" value="${outcome}"><button type="submit">${label}</button></form>`;
    return page(
      res,
      200,
      'Cổng thanh toán (mô phỏng)',
      `<p>${escapeHtml(fields.orderInfo ?? '')}</p><p>Số tiền: <strong>${escapeHtml(fields.amount ?? '')} VND</strong></p>` +
        `<p>Mã thanh toán: ${escapeHtml(fields.paymentId ?? '')}</p>` +
        form('PAID', 'Thanh toán') +
        form('FAILED', 'Hủy'),
    );
  }
  if (method !== 'POST') return page(res, 405, 'Không hỗ trợ', '<p>GET hoặc POST.</p>');
  const form = await readForm(req);
  const fields = form && signedFields(form, secret);
  const outcome = form?.get('outcome');
  if (!fields || (outcome !== 'PAID' && outcome !== 'FAILED')) {
    return page(res, 400, 'Yêu cầu thanh toán không hợp lệ', '<p>Chữ ký hoặc kết quả không đúng.</p>');
  }
  const callback = {
    paymentId: fields.paymentId ?? '',
    amount: Number(fields.amount),
    status: outcome,
    transactionRef: transactionRef(),
    paidAt: new Date().toISOString(),
  };
  const signed = Object.fromEntries(Object.entries(callback).map(([k, v]) => [k, String(v)]));
  const answer = await fetch(`${selfUrl}/v1/payments/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...callback, secureHash: secureHash(signed, secret) }),
  });
  const text = await answer.text();
  return page(
    res,
    answer.ok ? 200 : 502,
    answer.ok ? (outcome === 'PAID' ? 'Đã thanh toán' : 'Đã hủy thanh toán') : 'Lỗi khi báo kết quả',
    `<p>Máy chủ trả lời ${answer.status}.</p><pre>${escapeHtml(text)}</pre>`,
  );
}
