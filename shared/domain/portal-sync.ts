/**
 * What the national public service portal (DVCQG) is told about a dossier (docs/domain.md §
 * portal sync): the dossier as a DongBoHoSoMC body and its timeline steps as
 * CapNhatTienDoHoSoMC bodies. Pure: the sender reads the dossier, maps it here and posts.
 * Dates are `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh; a date not reached yet is "".
 * The bodies hold personal data (name, ID number): never logged.
 */
import type { Dossier, TimelineEvent } from './dossier.ts';
import type { ApplicantType } from './identity.ts';
import type { Action } from './lifecycle.ts';
import { CHANNEL_CODES, STATUS_CODES } from './status.ts';
import { toPortalDateTime } from './time.ts';

/** DVCQG's KenhThucHien: 1 direct (counter), 2 online, 3 public postal service. */
/** DVCQG's LoaiDoiTuong. */
export const APPLICANT_TYPE_CODES: Record<ApplicantType, 1 | 2 | 3 | 4> = {
  CITIZEN: 1,
  ENTERPRISE: 2,
  STATE_BODY: 3,
  OTHER_ORGANIZATION: 4,
};

/** What a step says where its actor wrote no note (NoiDungXuLy). */
export const ACTION_CONTENT: Record<Action | 'SUBMIT', string> = {
  SUBMIT: 'Nộp hồ sơ',
  ACCEPT: 'Tiếp nhận hồ sơ',
  REFUSE: 'Từ chối tiếp nhận hồ sơ',
  START: 'Bắt đầu xử lý hồ sơ',
  REQUEST_SUPPLEMENT: 'Yêu cầu bổ sung giấy tờ',
  SUPPLEMENT: 'Bổ sung giấy tờ',
  REQUEST_PAYMENT: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  CONFIRM_PAYMENT: 'Xác nhận đã thực hiện nghĩa vụ tài chính',
  RESOLVE: 'Đã xử lý xong',
  STOP: 'Dừng xử lý',
  WITHDRAW: 'Công dân yêu cầu rút hồ sơ',
  RETURN_RESULT: 'Trả kết quả',
};

/** The catalog facts the body names that the dossier does not carry. */
export type PortalSyncContext = {
  /** MaLinhVuc: the procedure's field. */
  fieldCode: string;
  /** DonViXuLy: the competent unit's electronic identifier. */
  unitCode: string;
};

/** What the sync needs of a dossier besides its contract fields (other parts may set these). */
export type SyncedDossier = Dossier & {
  paidOnline?: boolean | undefined;
  vneidVerified?: boolean | undefined;
};

export type PortalDocument = { MaThanhPhanHoSo: string; TepDinhKemId: string; DuocSoHoa: 0 | 1 };
export type PortalFee = { MaLePhi: string; TenPhiLePhi: string; MucPhi: number };
export type PortalSupplement = {
  NgayYeuCauBoSung: string;
  NoiDungYeuCauBoSung: string;
  NgayBoSung: string;
  DanhSachGiayToBoSung: { MaThanhPhanHoSo: string; TepDinhKemId: string }[];
};
export type PortalResult = { MaGiayToKetQua: string; TenGiayToKetQua: string; TepDinhKemId: string };

export type HoSo = {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  KenhThucHien: 1 | 2 | 3;
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  LoaiDoiTuong: 1 | 2 | 3 | 4;
  NgayNopHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: number;
  NgayKetThucXuLy: string;
  NgayTra: string;
  DonViXuLy: string;
  TaiLieuNop: PortalDocument[];
  DanhSachLePhi: PortalFee[];
  DanhSachHoSoBoSung: PortalSupplement[];
  DanhSachGiayToKetQua: PortalResult[];
  DuocThanhToanTrucTuyen: 0 | 1;
  TaiKhoanDuocXacThucVoiVNeID: 0 | 1;
};

export type TienDo = {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
};

export type DongBoHoSoBody = { service: 'DongBoHoSoMC'; isUpdating: boolean; data: HoSo[] };
export type CapNhatTienDoBody = { service: 'CapNhatTienDoHoSoMC'; data: TienDo[] };
export type PortalSyncBody = DongBoHoSoBody | CapNhatTienDoBody;

const portalDate = (iso: string | undefined): string => (iso ? toPortalDateTime(new Date(iso)) : '');

/** The supplements: each request, with what answered it (the next SUPPLEMENT), in order. */
function supplements(history: readonly TimelineEvent[]): PortalSupplement[] {
  const list: PortalSupplement[] = [];
  for (const event of history) {
    if (event.action === 'REQUEST_SUPPLEMENT') {
      list.push({
        NgayYeuCauBoSung: portalDate(event.at),
        NoiDungYeuCauBoSung: event.note ?? '',
        NgayBoSung: '',
        DanhSachGiayToBoSung: [],
      });
    }
    const open = list.at(-1);
    if (event.action === 'SUPPLEMENT' && open && open.NgayBoSung === '') {
      open.NgayBoSung = portalDate(event.at);
      open.DanhSachGiayToBoSung = (event.documents ?? []).map((doc) => ({
        MaThanhPhanHoSo: doc.documentCode,
        TepDinhKemId: doc.attachmentId ?? '',
      }));
    }
  }
  return list;
}

/** The DongBoHoSoMC record of a dossier as it is now. */
export function hoSoOf(
  dossier: SyncedDossier,
  history: readonly TimelineEvent[],
  context: PortalSyncContext,
): HoSo {
  return {
    MaHoSo: dossier.dossierCode,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    MaLinhVuc: context.fieldCode,
    KenhThucHien: CHANNEL_CODES[dossier.channel],
    ChuHoSo: dossier.applicant.fullName,
    SoGiayToChuHoSo: dossier.applicant.idNumber,
    LoaiDoiTuong: APPLICANT_TYPE_CODES[dossier.applicant.type],
    NgayNopHoSo: portalDate(dossier.submittedAt),
    NgayTiepNhan: portalDate(dossier.receivedAt),
    NgayHenTra: portalDate(dossier.dueAt),
    TrangThaiHoSo: STATUS_CODES[dossier.status],
    NgayKetThucXuLy: portalDate(dossier.finishedAt),
    NgayTra: portalDate(dossier.returnedAt),
    DonViXuLy: context.unitCode,
    TaiLieuNop: dossier.documents.map((doc) => ({
      MaThanhPhanHoSo: doc.documentCode,
      TepDinhKemId: doc.attachmentId ?? '',
      DuocSoHoa: (doc.digitized ?? Boolean(doc.attachmentId)) ? 1 : 0,
    })),
    DanhSachLePhi: (dossier.fees ?? []).map((fee) => ({
      MaLePhi: fee.code,
      TenPhiLePhi: fee.name,
      MucPhi: fee.amount,
    })),
    DanhSachHoSoBoSung: supplements(history),
    DanhSachGiayToKetQua: (dossier.results ?? []).map((result) => ({
      MaGiayToKetQua: result.documentCode,
      TenGiayToKetQua: result.name ?? '',
      TepDinhKemId: result.attachmentId ?? '',
    })),
    DuocThanhToanTrucTuyen: dossier.paidOnline ? 1 : 0,
    TaiKhoanDuocXacThucVoiVNeID: dossier.vneidVerified ? 1 : 0,
  };
}

/** One timeline step as a CapNhatTienDoHoSoMC entry: who (the action's officer), when, what. */
export function tienDoOf(dossier: Dossier, event: TimelineEvent): TienDo {
  return {
    MaHoSo: dossier.dossierCode,
    // Without a named officer, the client that acted is the best the record holds.
    NguoiXuLy: event.officer?.name ?? event.actor,
    ChucDanh: event.officer?.title ?? '',
    ThoiDiemXuLy: portalDate(event.at),
    PhongBanXuLy: event.officer?.department ?? '',
    NoiDungXuLy: event.note ?? ACTION_CONTENT[event.action as keyof typeof ACTION_CONTENT] ?? event.action,
    TrangThai: STATUS_CODES[event.toStatus],
    NgayBatDau: portalDate(event.at),
    NgayKetThucTheoQuyDinh: portalDate(dossier.dueAt),
  };
}

/**
 * The dossier body: `isUpdating` once the portal holds the record, i.e. it filed it (ONLINE) or
 * an earlier sync reached it.
 */
export function dongBoHoSo(
  dossier: SyncedDossier,
  history: readonly TimelineEvent[],
  context: PortalSyncContext,
): DongBoHoSoBody {
  return {
    service: 'DongBoHoSoMC',
    isUpdating: dossier.channel === 'ONLINE' || dossier.syncedVersion !== undefined,
    data: [hoSoOf(dossier, history, context)],
  };
}

/** The progress body of the steps the portal has not had yet (versions after `syncedVersion`), in order. */
export function capNhatTienDo(dossier: Dossier, history: readonly TimelineEvent[]): CapNhatTienDoBody {
  const after = dossier.syncedVersion ?? 0;
  const steps = history.filter((event) => event.version > after).sort((a, b) => a.version - b.version);
  return { service: 'CapNhatTienDoHoSoMC', data: steps.map((event) => tienDoOf(dossier, event)) };
}

/**
 * The sync message a change of the dossiers table calls for: one per new version of a dossier
 * (writes that keep the version, such as the sync mark itself or an overdue mark, call for
 * none), never for a legacy dossier imported from an earlier system.
 */
export function portalSyncMessageFor(
  before: Pick<Dossier, 'version'> | undefined,
  after: Pick<Dossier, 'dossierCode' | 'version' | 'importedAt'> | undefined,
): { dossierCode: string; version: number } | undefined {
  if (!after || after.importedAt) return undefined;
  if (before && before.version >= after.version) return undefined;
  return { dossierCode: after.dossierCode, version: after.version };
}
