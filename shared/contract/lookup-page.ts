/**
 * The public lookup page ("Tra cứu hồ sơ"): server-rendered HTML in Vietnamese, readable on a
 * phone, working without script (a plain GET form), with labelled fields and text at a contrast
 * above WCAG AA. It shows the public view only (shared/domain/lookup.ts): no personal data.
 */
import type { PublicDossierView } from '#shared/domain/lookup.ts';
import { vietnameseDateTime } from '#shared/domain/receipt.ts';

/** No script may run, nothing is loaded from elsewhere; the form posts back here only. */
export const LOOKUP_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // The page answers a code and 4 digits of an ID number: no shared cache keeps it.
  'cache-control': 'no-store',
} as const;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;font-size:1.0625rem;line-height:1.5;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{box-sizing:border-box;width:100%;font-size:1.0625rem;padding:.6rem;border:2px solid #4a4a4a;border-radius:4px;color:#1a1a1a;background:#fff}
input:focus,button:focus{outline:3px solid #0b4f9c;outline-offset:2px}
button{margin-top:1rem;font-size:1.0625rem;font-weight:600;padding:.7rem 1.4rem;border:0;border-radius:4px;color:#fff;background:#0b4f9c}
.hint{color:#3d3d3d;font-size:.95rem;margin:.25rem 0 0}
.status{font-size:1.25rem;font-weight:700;color:#0a5c2e}
.error{border-left:4px solid #a4000f;padding:.5rem .75rem;color:#a4000f;background:#fff4f4}
dl{margin:0}dt{font-weight:600;margin-top:.75rem}dd{margin:0}
ol{padding-left:1.25rem}li{margin:.35rem 0}
`;

export type LookupPage =
  | { kind: 'form'; values?: { ma?: string | undefined; so?: string | undefined } }
  | { kind: 'found'; view: PublicDossierView }
  | { kind: 'not-found'; values: { ma: string; so: string }; message: string }
  | { kind: 'invalid'; values: { ma?: string | undefined; so?: string | undefined }; message: string };

function form(values: { ma?: string | undefined; so?: string | undefined } = {}): string {
  return `<form method="get" action="tra-cuu">
<label for="ma">Mã hồ sơ</label>
<input id="ma" name="ma" required autocomplete="off" inputmode="text" aria-describedby="ma-hint" value="${escapeHtml(values.ma ?? '')}">
<p class="hint" id="ma-hint">In trên giấy tiếp nhận, ví dụ 000.21.01.H49-261126-0001</p>
<label for="so">4 số cuối giấy tờ tùy thân của người nộp</label>
<input id="so" name="so" required pattern="[0-9]{4}" maxlength="4" inputmode="numeric" autocomplete="off" aria-describedby="so-hint" value="${escapeHtml(values.so ?? '')}">
<p class="hint" id="so-hint">4 chữ số cuối của số định danh cá nhân (căn cước) hoặc mã số của tổ chức</p>
<button type="submit">Tra cứu</button>
</form>`;
}

function dossier(view: PublicDossierView): string {
  const when = (iso: string | undefined) => (iso ? escapeHtml(vietnameseDateTime(iso)) : '—');
  const steps = view.steps
    .map((step) => `<li><strong>${escapeHtml(step.statusName)}</strong> — ${when(step.at)}</li>`)
    .join('\n');
  return `<section aria-labelledby="ket-qua">
<h2 id="ket-qua">Hồ sơ ${escapeHtml(view.dossierCode)}</h2>
<p>Trạng thái: <span class="status">${escapeHtml(view.statusName)}</span></p>
<dl>
<dt>Thủ tục</dt><dd>${escapeHtml(view.procedureName)} (${escapeHtml(view.procedureCode)})</dd>
<dt>Ngày tiếp nhận</dt><dd>${when(view.receivedAt)}</dd>
<dt>Ngày hẹn trả kết quả</dt><dd>${when(view.dueAt)}</dd>
${view.finishedAt ? `<dt>Ngày có kết quả</dt><dd>${when(view.finishedAt)}</dd>` : ''}
</dl>
<h2>Quá trình xử lý</h2>
<ol>
${steps}
</ol>
</section>`;
}

/** The whole page for one state of the lookup. */
export function renderLookupPage(page: LookupPage): string {
  const body =
    page.kind === 'found'
      ? `${dossier(page.view)}\n<h2>Tra cứu hồ sơ khác</h2>\n${form()}`
      : page.kind === 'form'
        ? form(page.values)
        : `<p class="error" role="alert">${escapeHtml(page.message)}</p>\n${form(page.values)}`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Tra cứu hồ sơ</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Tra cứu tình trạng hồ sơ</h1>
${body}
</main>
</body>
</html>
`;
}
