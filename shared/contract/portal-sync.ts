/**
 * The bodies motcua posts to other systems, as schemas for the OpenAPI document's `webhooks`:
 * the national portal (DVCQG) sync bodies DongBoHoSoMC and CapNhatTienDoHoSoMC
 * (shared/domain/portal-sync.ts builds them) and the agency webhook body
 * (shared/use-cases/deliver-to-agency.ts). Each schema is checked against the domain's type, so
 * a body that changes without its schema fails to compile.
 */
import type { CapNhatTienDoBody, DongBoHoSoBody, HoSo, TienDo } from '#shared/domain/portal-sync.ts';
import { DossierSummarySchema } from './dossier-summary.ts';
import * as z from './zod.ts';
import { withMeta } from './zod.ts';

const PortalTime = withMeta(z.string().check(z.regex(/^(\d{14})?$/)), {
  description: '`yyyyMMddHHmmss`, Asia/Ho_Chi_Minh; "" while not reached',
  example: '20261124084011',
});
const Flag = z.union([z.literal(0), z.literal(1)]);

const HoSoSchema = withMeta(
  z.object({
    MaHoSo: withMeta(z.string(), { description: 'The dossier code' }),
    MaTTHC: withMeta(z.string(), { description: 'The procedure code' }),
    TenTTHC: z.string(),
    MaLinhVuc: withMeta(z.string(), { description: 'The procedure’s field' }),
    KenhThucHien: withMeta(z.union([z.literal(1), z.literal(2), z.literal(3)]), {
      description: '1 direct (counter), 2 online, 3 public postal service',
    }),
    ChuHoSo: withMeta(z.string(), { description: 'The applicant’s full name' }),
    SoGiayToChuHoSo: withMeta(z.string(), { description: 'The applicant’s ID number or tax code' }),
    LoaiDoiTuong: withMeta(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]), {
      description: '1 citizen, 2 enterprise, 3 state body, 4 other organization',
    }),
    NgayNopHoSo: PortalTime,
    NgayTiepNhan: PortalTime,
    NgayHenTra: PortalTime,
    TrangThaiHoSo: withMeta(z.number().check(z.int(), z.gte(1), z.lte(10)), {
      description: 'The status code 1–10',
    }),
    NgayKetThucXuLy: PortalTime,
    NgayTra: PortalTime,
    DonViXuLy: withMeta(z.string(), { description: 'The competent unit’s electronic identifier' }),
    TaiLieuNop: z.array(z.object({ MaThanhPhanHoSo: z.string(), TepDinhKemId: z.string(), DuocSoHoa: Flag })),
    DanhSachLePhi: z.array(z.object({ MaLePhi: z.string(), TenPhiLePhi: z.string(), MucPhi: z.number() })),
    DanhSachHoSoBoSung: z.array(
      z.object({
        NgayYeuCauBoSung: PortalTime,
        NoiDungYeuCauBoSung: z.string(),
        NgayBoSung: PortalTime,
        DanhSachGiayToBoSung: z.array(z.object({ MaThanhPhanHoSo: z.string(), TepDinhKemId: z.string() })),
      }),
    ),
    DanhSachGiayToKetQua: z.array(
      z.object({ MaGiayToKetQua: z.string(), TenGiayToKetQua: z.string(), TepDinhKemId: z.string() }),
    ),
    DuocThanhToanTrucTuyen: Flag,
    TaiKhoanDuocXacThucVoiVNeID: Flag,
  }),
  { id: 'PortalHoSo', description: 'One dossier as DVCQG records it' },
);
HoSoSchema satisfies z.ZodMiniType<HoSo>;

const TienDoSchema = withMeta(
  z.object({
    MaHoSo: z.string(),
    NguoiXuLy: withMeta(z.string(), { description: 'The officer, or the client that acted' }),
    ChucDanh: z.string(),
    ThoiDiemXuLy: PortalTime,
    PhongBanXuLy: z.string(),
    NoiDungXuLy: withMeta(z.string(), { description: 'The note, or the step’s name in Vietnamese' }),
    TrangThai: z.number().check(z.int(), z.gte(1), z.lte(10)),
    NgayBatDau: PortalTime,
    NgayKetThucTheoQuyDinh: PortalTime,
  }),
  { id: 'PortalTienDo', description: 'One processing step as DVCQG records it' },
);
TienDoSchema satisfies z.ZodMiniType<TienDo>;

export const DongBoHoSoBodySchema = withMeta(
  z.object({
    service: z.literal('DongBoHoSoMC'),
    isUpdating: withMeta(z.boolean(), {
      description: 'The portal already holds the record (ONLINE, or synced before)',
    }),
    data: z.array(HoSoSchema),
  }),
  { id: 'DongBoHoSoMC' },
);
DongBoHoSoBodySchema satisfies z.ZodMiniType<DongBoHoSoBody>;

export const CapNhatTienDoBodySchema = withMeta(
  z.object({
    service: z.literal('CapNhatTienDoHoSoMC'),
    data: withMeta(z.array(TienDoSchema), {
      description: 'The steps after the version the portal last took, in order',
    }),
  }),
  { id: 'CapNhatTienDoHoSoMC' },
);
CapNhatTienDoBodySchema satisfies z.ZodMiniType<CapNhatTienDoBody>;

export const AgencyWebhookBodySchema = withMeta(
  z.object({
    eventId: withMeta(z.string(), { description: 'The routing event; the same on a redelivery' }),
    reason: withMeta(z.enum(['PROCESS', 'DELIVER_RESULT']), {
      description: 'PROCESS: decide the dossier; DELIVER_RESULT: deliver its result (the post)',
    }),
    dossier: DossierSummarySchema,
  }),
  { id: 'AgencyWebhook' },
);
