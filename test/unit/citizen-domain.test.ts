/**
 * The pure rules of the citizen-facing services: what the public lookup shows (and never
 * shows), who matches a code-and-digits pair, the rating's once-after-RETURNED rule, and the
 * receipt's content in Vietnamese.
 */
import { describe, expect, it } from 'vitest';
import { holdsIdLast4, lookupUrl, publicView } from '#shared/domain/lookup.ts';
import { assertMayRate, rate } from '#shared/domain/rating.ts';
import { RECEIPT_TITLE, receiptContent, statutoryTime, vietnameseDateTime } from '#shared/domain/receipt.ts';
import { principals } from '../fixtures/catalog.ts';
import { history, ID_NUMBER, storedDossier } from '../fixtures/citizen.ts';

describe('public lookup view', () => {
  it('shows the procedure, status, dates and status steps, and no personal data', () => {
    const dossier = storedDossier({ status: 'IN_PROGRESS', version: 2 });
    const view = publicView(dossier, history());
    expect(view).toMatchObject({
      dossierCode: dossier.dossierCode,
      procedureName: 'Đăng ký khai sinh',
      status: 'IN_PROGRESS',
      statusCode: 4,
      statusName: 'Đang giải quyết',
      dueAt: dossier.dueAt,
    });
    expect(view.steps.map((s) => s.status)).toEqual(['RECEIVED', 'IN_PROGRESS']);
    const text = JSON.stringify(view);
    for (const secret of [
      ID_NUMBER,
      'Nguyễn Văn An',
      'Tổ 1',
      '0912345678',
      'an@example.vn',
      'Đăng ký khai sinh cho con',
      'Nguyễn Thị B',
      'local-center',
      'att-2',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('lists the steps oldest first whatever order the store gave them in', () => {
    const view = publicView(storedDossier(), history().reverse());
    expect(view.steps.map((s) => s.statusCode)).toEqual([2, 4]);
  });

  it('matches the last four digits of the ID number, and nothing else', () => {
    const dossier = storedDossier();
    expect(holdsIdLast4(dossier, '0123')).toBe(true);
    for (const wrong of ['0124', '1230', '9999', '123', '00123', ''])
      expect(holdsIdLast4(dossier, wrong)).toBe(false);
  });

  it('points the lookup URL at /tra-cuu with the code and digits, on any base', () => {
    expect(lookupUrl('https://dvc.example.vn/', '000.21.01.H49-261126-0001', '0123')).toBe(
      'https://dvc.example.vn/tra-cuu?ma=000.21.01.H49-261126-0001&so=0123',
    );
    expect(lookupUrl('https://x.execute-api.ap-southeast-1.amazonaws.com/prod', 'A-1', '0001')).toBe(
      'https://x.execute-api.ap-southeast-1.amazonaws.com/prod/tra-cuu?ma=A-1&so=0001',
    );
  });
});

describe('rating', () => {
  const now = new Date('2026-11-27T03:00:00Z');

  it('is given once the result is returned, stamped in Vietnam time', () => {
    expect(rate(storedDossier({ status: 'RETURNED' }), { score: 4, comment: 'Nhanh' }, now)).toEqual({
      score: 4,
      comment: 'Nhanh',
      ratedAt: '2026-11-27T10:00:00+07:00',
    });
  });

  it('is refused (409) before RETURNED and a second time', () => {
    for (const status of ['RECEIVED', 'IN_PROGRESS', 'RESOLVED'] as const) {
      expect(() => rate(storedDossier({ status }), { score: 5 }, now)).toThrow(
        expect.objectContaining({ kind: 'conflict' }),
      );
    }
    const rated = storedDossier({
      status: 'RETURNED',
      rating: { score: 5, ratedAt: '2026-11-27T09:00:00+07:00' },
    });
    expect(() => rate(rated, { score: 1 }, now)).toThrow(expect.objectContaining({ kind: 'conflict' }));
  });

  it('is recorded by the portal and the centers only', () => {
    expect(() => assertMayRate(principals.portal)).not.toThrow();
    expect(() => assertMayRate(principals.hongGai)).not.toThrow();
    for (const other of [principals.commune, principals.admin]) {
      expect(() => assertMayRate(other)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    }
  });
});

describe('receipt content', () => {
  it('names the body, the applicant, the request, the documents, the times and where the result is returned', () => {
    const content = receiptContent(
      storedDossier(),
      { name: 'Trung tâm Phục vụ hành chính công phường Hồng Gai' },
      { documents: [{ code: 'TP01', name: 'Tờ khai đăng ký khai sinh', mandatory: true }] },
      'http://127.0.0.1:3000/tra-cuu?ma=x&so=0123',
    );
    expect(content.title).toBe(RECEIPT_TITLE);
    expect(content.issuer).toBe('Trung tâm Phục vụ hành chính công phường Hồng Gai');
    const lines = Object.fromEntries(content.lines.map((l) => [l.label, l.value]));
    expect(lines).toMatchObject({
      'Người nộp': 'Nguyễn Văn An',
      'Địa chỉ': 'Tổ 1, khu 2, phường Hồng Gai',
      'Số điện thoại': '0912345678',
      'Nội dung yêu cầu': 'Đăng ký khai sinh cho con',
      'Thời gian giải quyết theo quy định': '1 ngày làm việc',
      'Thời gian nhận hồ sơ': '08 giờ 05 phút, ngày 26/11/2026',
      'Thời gian hẹn trả kết quả': '08 giờ 05 phút, ngày 27/11/2026',
      'Nơi trả kết quả': 'Tại bộ phận một cửa: Trung tâm Phục vụ hành chính công phường Hồng Gai',
    });
    expect(content.documents).toEqual([
      { name: 'Tờ khai đăng ký khai sinh', copies: 2, digitized: false },
      { name: 'TP02', copies: 1, digitized: true },
    ]);
    expect(content.issuedAt).toBe('2026-11-26T08:05:00+07:00');
  });

  it('writes statutory times and instants the Vietnamese way', () => {
    expect(statutoryTime({ days: 5 })).toBe('5 ngày làm việc');
    expect(statutoryTime({ hours: 8 })).toBe('8 giờ làm việc');
    expect(statutoryTime({ months: 1 })).toBe('1 tháng');
    expect(vietnameseDateTime('2026-01-02T13:30:00+07:00')).toBe('13 giờ 30 phút, ngày 02/01/2026');
  });
});
