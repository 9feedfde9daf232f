/**
 * Status sync to the national portal, end to end against `npm start`: the receiver
 * (webhook-receiver.ts, `POST /portal`) fails the first two posts of each kind for a dossier,
 * and may be "stopped" (connections dropped). A dossier walked ONLINE through accept → start →
 * supplement → payment → resolve → return reaches it as DongBoHoSoMC and CapNhatTienDoHoSoMC
 * bodies in lifecycle order, none older than one already taken; a receiver stopped while the
 * dossier moves gets everything once it is back (retries 1, 2, 4, 8 s apart in e2e).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfOfSize } from '../fixtures/files.ts';
import { verifiedUpload } from '../fixtures/upload.ts';
import { api, baseUrl, contractFetch, eventually, token } from './http.ts';
import type { ReceivedWebhook } from './webhook-receiver.ts';

type Dossier = { dossierCode: string; status: string; version: number };
type HoSo = {
  MaHoSo: string;
  TrangThaiHoSo: number;
  KenhThucHien: number;
  LoaiDoiTuong: number;
  NgayTra: string;
};
type TienDo = {
  TrangThai: number;
  NguoiXuLy: string;
  ChucDanh: string;
  PhongBanXuLy: string;
  ThoiDiemXuLy: string;
  NoiDungXuLy: string;
};

const SYNC_MS = 60_000;
const tokens = {} as Record<'portal' | 'center' | 'commune', string>;
const uploads: string[] = [];
let keys = 0;

beforeAll(async () => {
  tokens.portal = await token('local-portal');
  tokens.center = await token('local-center-hong-gai');
  tokens.commune = await token('local-agency-commune');
  for (const size of [1100, 2100, 3100, 4100])
    uploads.push(await verifiedUpload(baseUrl(), tokens.portal, pdfOfSize(size), undefined, contractFetch));
});

async function portalPosts(dossierCode: string): Promise<ReceivedWebhook[]> {
  const query = new URLSearchParams({ path: '/portal', dossierCode });
  const response = await contractFetch(`${inject('e2eReceiverUrl')}/_received?${query}`);
  return ((await response.json()) as { items: ReceivedWebhook[] }).items;
}

async function stopPortal(stopped: boolean): Promise<void> {
  const response = await contractFetch(`${inject('e2eReceiverUrl')}/_portal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stopped }),
  });
  expect(response.status).toBe(204);
}

async function act(code: string, bearer: string, body: Record<string, unknown>): Promise<Dossier> {
  const response = await api<Dossier>('POST', `/v1/dossiers/${code}/actions`, { token: bearer, body });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

const OFFICER = {
  name: 'Trần Thị Bình',
  title: 'Công chức tư pháp - hộ tịch',
  department: 'UBND phường Hồng Gai',
};

/** Files an ONLINE birth registration and walks it to RETURNED; `between` runs after ACCEPT. */
async function walk(): Promise<string> {
  const filed = await api<Dossier>('POST', '/v1/dossiers', {
    token: tokens.portal,
    headers: { 'Idempotency-Key': `e2e-sync-${Date.now()}-${++keys}` },
    body: {
      procedureCode: '1.001193',
      centerId: 'hong-gai',
      channel: 'ONLINE',
      applicant: {
        type: 'CITIZEN',
        idNumber: '022190000123',
        fullName: 'Nguyễn Văn An',
        address: 'Tổ 1, khu 2, phường Hồng Gai',
      },
      summary: 'Đăng ký khai sinh cho con',
      documents: ['TP01', 'TP02', 'TP03'].map((documentCode, i) => ({
        documentCode,
        attachmentId: uploads[i],
      })),
      resultDelivery: 'ONLINE',
    },
  });
  expect(filed.status, filed.text).toBe(201);
  const code = filed.json.dossierCode;
  await act(code, tokens.center, {
    action: 'ACCEPT',
    officer: { name: 'Lê Văn Cường', title: 'Công chức một cửa' },
  });
  // The commune's webhook takes the dossier and its handler starts it.
  await eventually(
    async () => {
      const read = await api<Dossier>('GET', `/v1/dossiers/${code}`, { token: tokens.center });
      expect(read.json.status).toBe('IN_PROGRESS');
    },
    { timeoutMs: SYNC_MS },
  );
  await act(code, tokens.commune, {
    action: 'REQUEST_SUPPLEMENT',
    note: 'Bổ sung giấy chứng nhận kết hôn',
    officer: OFFICER,
  });
  await act(code, tokens.portal, {
    action: 'SUPPLEMENT',
    documents: [{ documentCode: 'TP02', attachmentId: uploads[3] }],
  });
  await act(code, tokens.commune, {
    action: 'REQUEST_PAYMENT',
    fees: [{ code: 'LP01', name: 'Lệ phí đăng ký khai sinh', amount: 8000 }],
    officer: OFFICER,
  });
  await act(code, tokens.center, { action: 'CONFIRM_PAYMENT' });
  await act(code, tokens.commune, {
    action: 'RESOLVE',
    documents: [{ documentCode: 'KQ01', name: 'Giấy khai sinh (bản chính)' }],
    officer: OFFICER,
  });
  await act(code, tokens.center, { action: 'RETURN_RESULT', officer: { name: 'Lê Văn Cường' } });
  return code;
}

/** Lifecycle order of the walk: SUBMITTED, RECEIVED, IN_PROGRESS, SUPPLEMENT…, IN_PROGRESS, PAYMENT…, IN_PROGRESS, RESOLVED, RETURNED. */
const LIFECYCLE = [1, 2, 4, 5, 4, 6, 4, 9, 10];

const stepKey = (step: TienDo) => `${step.ThoiDiemXuLy}/${step.TrangThai}/${step.NoiDungXuLy}`;

/** Waits until the portal has taken the RETURNED dossier and every step; checks what it took. */
async function expectEverythingTaken(code: string): Promise<ReceivedWebhook[]> {
  const taken = await eventually(
    async () => {
      const posts = (await portalPosts(code)).filter((p) => p.status === 200);
      // Delivery is at least once: a step may come twice (two messages of the dossier sent side
      // by side); the portal keeps a step once, by its time, status and content.
      const steps = posts
        .filter((p) => (p.json as { service: string }).service === 'CapNhatTienDoHoSoMC')
        .flatMap((p) => (p.json as { data: TienDo[] }).data);
      const firsts = [...new Set(steps.map(stepKey))].map(
        (key) => steps.find((step) => stepKey(step) === key)?.TrangThai,
      );
      expect(firsts, JSON.stringify(steps.map((step) => step.TrangThai))).toEqual(LIFECYCLE);
      const last = posts.filter((p) => (p.json as { service: string }).service === 'DongBoHoSoMC').at(-1);
      expect((last?.json as { data: HoSo[] } | undefined)?.data[0]?.TrangThaiHoSo).toBe(10);
      return posts;
    },
    { timeoutMs: SYNC_MS, intervalMs: 500 },
  );
  // Every post signed; the versions it took never go back (no stale body after a newer one).
  expect(taken.every((p) => p.signatureValid)).toBe(true);
  const versions = taken
    .filter((p) => (p.json as { service: string }).service === 'DongBoHoSoMC')
    .map((p) => Number(p.headers['x-motcua-dossier-version']));
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  const statuses = taken
    .filter((p) => (p.json as { service: string }).service === 'DongBoHoSoMC')
    .map((p) => (p.json as { data: HoSo[] }).data[0]?.TrangThaiHoSo ?? 0);
  expect(statuses.every((status) => LIFECYCLE.includes(status))).toBe(true);
  return taken;
}

describe('portal sync', () => {
  it('delivers the walked dossier in lifecycle order through two failures of each kind', async () => {
    const code = await walk();
    const taken = await expectEverythingTaken(code);
    const dossier = taken.filter((p) => (p.json as { service: string }).service === 'DongBoHoSoMC').at(-1);
    expect((dossier?.json as { isUpdating: boolean; data: HoSo[] } | undefined)?.data[0]).toMatchObject({
      MaHoSo: code,
      KenhThucHien: 2,
      LoaiDoiTuong: 1,
      TrangThaiHoSo: 10,
      NgayTra: expect.stringMatching(/^\d{14}$/),
    });
    const steps = taken
      .filter((p) => (p.json as { service: string }).service === 'CapNhatTienDoHoSoMC')
      .flatMap((p) => (p.json as { data: TienDo[] }).data);
    expect(steps.find((step) => step.TrangThai === 5)).toMatchObject({
      TrangThai: 5,
      NguoiXuLy: OFFICER.name,
      ChucDanh: OFFICER.title,
      PhongBanXuLy: OFFICER.department,
    });
    // The first two posts of each kind were refused (503) and retried.
    const all = await portalPosts(code);
    for (const service of ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']) {
      const ofKind = all.filter((p) => (p.json as { service: string }).service === service);
      expect(ofKind.slice(0, 2).map((p) => p.status)).toEqual([503, 503]);
    }
    // The last dossier body taken shows the dossier's last version.
    const read = await api<Dossier>('GET', `/v1/dossiers/${code}`, { token: tokens.center });
    expect(read.json.version).toBe(9);
    expect(dossier?.headers['x-motcua-dossier-version']).toBe('9');
  }, 120_000);

  it('a portal stopped while the dossier moves gets everything once it is back', async () => {
    await stopPortal(true);
    let code = '';
    try {
      code = await walk();
      // Posts of the returned dossier (version 9) were dropped while stopped …
      await eventually(
        async () => {
          const dropped = (await portalPosts(code)).filter(
            (p) => p.status === 0 && p.headers['x-motcua-dossier-version'] === '9',
          );
          expect(dropped.length).toBeGreaterThanOrEqual(1);
        },
        { timeoutMs: SYNC_MS },
      );
    } finally {
      await stopPortal(false);
    }
    // … and once restarted, it gets every step and the final state.
    await expectEverythingTaken(code);
  }, 120_000);
});
