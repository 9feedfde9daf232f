/**
 * The portal sync bodies (shared/domain/portal-sync.ts), table-driven over every status, channel
 * and applicant type, with dates as the portal writes them (yyyyMMddHHmmss, Vietnam time).
 */
import { describe, expect, it } from 'vitest';
import type { Dossier, TimelineEvent } from '#shared/domain/dossier.ts';
import type { ApplicantType } from '#shared/domain/identity.ts';
import { capNhatTienDo, dongBoHoSo, hoSoOf, tienDoOf } from '#shared/domain/portal-sync.ts';
import type { Channel, DossierStatus } from '#shared/domain/status.ts';
import { toPortalDateTime } from '#shared/domain/time.ts';

const CONTEXT = { fieldCode: 'G09-TP04', unitCode: '000.21.01.H49' };

function dossier(overrides: Partial<Dossier> = {}): Dossier {
  return {
    dossierCode: '000.21.01.H49-250715-0001',
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    centerId: 'hong-gai',
    competentUnitId: 'hong-gai-pc',
    agencyId: 'commune',
    category: 'OWN_AUTHORITY',
    channel: 'ONLINE',
    status: 'IN_PROGRESS',
    version: 3,
    submittedAt: '2025-07-14T09:00:00+07:00',
    receivedAt: '2025-07-14T09:30:05+07:00',
    dueAt: '2025-07-15T09:30:05+07:00',
    applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn An', address: 'Hồng Gai' },
    summary: 'Đăng ký khai sinh',
    documents: [
      { documentCode: 'TP01', attachmentId: 'att-1', digitized: true },
      { documentCode: 'TP02', digitized: false },
    ],
    resultDelivery: 'ONLINE',
    processing: { days: 1 },
    submittedBy: 'local-portal',
    routedTo: ['commune'],
    ...overrides,
  };
}

const event = (
  overrides: Partial<TimelineEvent> & Pick<TimelineEvent, 'action' | 'toStatus' | 'version'>,
) => ({
  at: '2025-07-14T10:00:00+07:00',
  actor: 'local-agency-commune',
  ...overrides,
});

describe('dates', () => {
  it.each([
    ['2025-07-14T09:30:05+07:00', '20250714093005'],
    ['2025-07-14T17:30:05Z', '20250715003005'],
    ['2025-12-31T23:59:59+07:00', '20251231235959'],
  ])('%s is %s in Vietnam', (iso, portal) => {
    expect(toPortalDateTime(new Date(iso))).toBe(portal);
  });
});

describe('DongBoHoSoMC: TrangThaiHoSo for every status', () => {
  it.each<[DossierStatus, number]>([
    ['SUBMITTED', 1],
    ['RECEIVED', 2],
    ['NOT_RECEIVED', 3],
    ['IN_PROGRESS', 4],
    ['SUPPLEMENT_REQUESTED', 5],
    ['PAYMENT_REQUESTED', 6],
    ['WITHDRAWN', 7],
    ['STOPPED', 8],
    ['RESOLVED', 9],
    ['RETURNED', 10],
  ])('%s → %i', (status, code) => {
    expect(hoSoOf(dossier({ status }), [], CONTEXT).TrangThaiHoSo).toBe(code);
  });
});

describe('DongBoHoSoMC: KenhThucHien for every channel', () => {
  it.each<[Channel, number]>([
    ['DIRECT', 1],
    ['ONLINE', 2],
    ['POSTAL', 3],
  ])('%s → %i', (channel, code) => {
    expect(hoSoOf(dossier({ channel }), [], CONTEXT).KenhThucHien).toBe(code);
  });
});

describe('DongBoHoSoMC: LoaiDoiTuong for every applicant type', () => {
  it.each<[ApplicantType, string, number]>([
    ['CITIZEN', '022190000123', 1],
    ['ENTERPRISE', '0100109106', 2],
    ['STATE_BODY', '1012345', 3],
    ['OTHER_ORGANIZATION', '0300588569', 4],
  ])('%s → %i', (type, idNumber, code) => {
    const body = hoSoOf(
      dossier({ applicant: { type, idNumber, fullName: 'Chủ hồ sơ', address: 'Hạ Long' } }),
      [],
      CONTEXT,
    );
    expect(body.LoaiDoiTuong).toBe(code);
    expect(body.SoGiayToChuHoSo).toBe(idNumber);
    expect(body.ChuHoSo).toBe('Chủ hồ sơ');
  });
});

describe('DongBoHoSoMC: the whole record', () => {
  it('maps a returned dossier with supplements, fees and results', () => {
    const returned = {
      ...dossier({
        status: 'RETURNED',
        version: 9,
        finishedAt: '2025-07-16T14:00:00+07:00',
        returnedAt: '2025-07-17T08:15:00+07:00',
        fees: [{ code: 'LP01', name: 'Lệ phí đăng ký khai sinh', amount: 8000 }],
        results: [{ documentCode: 'KQ01', name: 'Giấy khai sinh', attachmentId: 'att-9' }],
      }),
      paidOnline: true,
      vneidVerified: true,
    };
    const history: TimelineEvent[] = [
      event({
        action: 'REQUEST_SUPPLEMENT',
        toStatus: 'SUPPLEMENT_REQUESTED',
        version: 4,
        note: 'Thiếu tờ khai',
      }),
      event({
        action: 'SUPPLEMENT',
        toStatus: 'IN_PROGRESS',
        version: 5,
        at: '2025-07-15T08:00:00+07:00',
        documents: [{ documentCode: 'TP02', attachmentId: 'att-5' }],
      }),
    ];
    expect(hoSoOf(returned, history, CONTEXT)).toEqual({
      MaHoSo: '000.21.01.H49-250715-0001',
      MaTTHC: '1.001193',
      TenTTHC: 'Thủ tục đăng ký khai sinh',
      MaLinhVuc: 'G09-TP04',
      KenhThucHien: 2,
      ChuHoSo: 'Nguyễn Văn An',
      SoGiayToChuHoSo: '022190000123',
      LoaiDoiTuong: 1,
      NgayNopHoSo: '20250714090000',
      NgayTiepNhan: '20250714093005',
      NgayHenTra: '20250715093005',
      TrangThaiHoSo: 10,
      NgayKetThucXuLy: '20250716140000',
      NgayTra: '20250717081500',
      DonViXuLy: '000.21.01.H49',
      TaiLieuNop: [
        { MaThanhPhanHoSo: 'TP01', TepDinhKemId: 'att-1', DuocSoHoa: 1 },
        { MaThanhPhanHoSo: 'TP02', TepDinhKemId: '', DuocSoHoa: 0 },
      ],
      DanhSachLePhi: [{ MaLePhi: 'LP01', TenPhiLePhi: 'Lệ phí đăng ký khai sinh', MucPhi: 8000 }],
      DanhSachHoSoBoSung: [
        {
          NgayYeuCauBoSung: '20250714100000',
          NoiDungYeuCauBoSung: 'Thiếu tờ khai',
          NgayBoSung: '20250715080000',
          DanhSachGiayToBoSung: [{ MaThanhPhanHoSo: 'TP02', TepDinhKemId: 'att-5' }],
        },
      ],
      DanhSachGiayToKetQua: [
        { MaGiayToKetQua: 'KQ01', TenGiayToKetQua: 'Giấy khai sinh', TepDinhKemId: 'att-9' },
      ],
      DuocThanhToanTrucTuyen: 1,
      TaiKhoanDuocXacThucVoiVNeID: 1,
    });
  });

  it('writes "" for dates not reached and 0 for flags not set', () => {
    const body = hoSoOf(
      dossier({ status: 'SUBMITTED', receivedAt: undefined, dueAt: undefined }),
      [],
      CONTEXT,
    );
    expect(body).toMatchObject({
      NgayTiepNhan: '',
      NgayHenTra: '',
      NgayKetThucXuLy: '',
      NgayTra: '',
      DuocThanhToanTrucTuyen: 0,
      TaiKhoanDuocXacThucVoiVNeID: 0,
      DanhSachHoSoBoSung: [],
    });
  });

  it.each<[Channel, number | undefined, boolean]>([
    ['ONLINE', undefined, true],
    ['DIRECT', undefined, false],
    ['DIRECT', 2, true],
    ['POSTAL', 4, true],
  ])('isUpdating for %s synced at %s is %s', (channel, syncedVersion, isUpdating) => {
    const body = dongBoHoSo(dossier({ channel, ...(syncedVersion ? { syncedVersion } : {}) }), [], CONTEXT);
    expect(body.service).toBe('DongBoHoSoMC');
    expect(body.isUpdating).toBe(isUpdating);
  });
});

describe('CapNhatTienDoHoSoMC', () => {
  const officer = { name: 'Trần Thị Bình', title: 'Chuyên viên', department: 'Văn phòng UBND phường' };

  it('names the officer of the step and its time, content, status and due date', () => {
    const step = event({
      action: 'REQUEST_SUPPLEMENT',
      toStatus: 'SUPPLEMENT_REQUESTED',
      version: 4,
      note: 'Thiếu tờ khai',
      officer,
    });
    expect(tienDoOf(dossier(), step)).toEqual({
      MaHoSo: '000.21.01.H49-250715-0001',
      NguoiXuLy: 'Trần Thị Bình',
      ChucDanh: 'Chuyên viên',
      ThoiDiemXuLy: '20250714100000',
      PhongBanXuLy: 'Văn phòng UBND phường',
      NoiDungXuLy: 'Thiếu tờ khai',
      TrangThai: 5,
      NgayBatDau: '20250714100000',
      NgayKetThucTheoQuyDinh: '20250715093005',
    });
  });

  it('falls back to the acting client and the action for a step without officer or note', () => {
    const entry = tienDoOf(dossier(), event({ action: 'START', toStatus: 'IN_PROGRESS', version: 3 }));
    expect(entry).toMatchObject({
      NguoiXuLy: 'local-agency-commune',
      ChucDanh: '',
      PhongBanXuLy: '',
      NoiDungXuLy: 'Bắt đầu xử lý hồ sơ',
      TrangThai: 4,
    });
  });

  it('carries the steps after the synced version, in lifecycle order', () => {
    const history = [
      event({ action: 'SUBMIT', toStatus: 'SUBMITTED', version: 1 }),
      event({ action: 'START', toStatus: 'IN_PROGRESS', version: 3 }),
      event({ action: 'ACCEPT', toStatus: 'RECEIVED', version: 2 }),
    ];
    const all = capNhatTienDo(dossier(), history);
    expect(all.service).toBe('CapNhatTienDoHoSoMC');
    expect(all.data.map((entry) => entry.TrangThai)).toEqual([1, 2, 4]);
    expect(
      capNhatTienDo(dossier({ syncedVersion: 2 }), history).data.map((entry) => entry.TrangThai),
    ).toEqual([4]);
  });
});
