/**
 * The bodies motcua posts to other systems, as schemas for the OpenAPI document's `webhooks`:
 * the national portal (DVCQG) sync bodies DongBoHoSoMC and CapNhatTienDoHoSoMC
 * (shared/domain/portal-sync.ts builds them) and the agency webhook body
 * (shared/use-cases/deliver-to-agency.ts). Each schema is checked against the domain's type, so
 * a body that changes without its schema fails to compile.
 */
import { z } from 'zod';
import type { CapNhatTienDoBody, DongBoHoSoBody, HoSo, TienDo } from '#shared/domain/portal-sync.ts';
import { DossierSummarySchema } from './dossier.ts';

const PortalTime = z
  .string()
  .regex(/^(\d{14})?$/)
  .meta({
    description: '`yyyyMMddHHmmss`, Asia/Ho_Chi_Minh; "" while not reached',
    example: '20261124084011',
  });
const Flag = z.union([z.literal(0), z.literal(1)]);

const HoSoSchema = z
  .object({
    MaHoSo: z.string().meta({ description: 'The dossier code' }),
    MaTTHC: z.string().meta({ description: 'The procedure code' }),
    TenTTHC: z.string(),
    MaLinhVuc: z.string().meta({ description: 'The procedure’s field' }),
    KenhThucHien: z.union([z.literal(1), z.literal(2), z.literal(3)]).meta({
      description: '1 direct (counter), 2 online, 3 public postal service',
    }),
    ChuHoSo: z.string().meta({ description: 'The applicant’s full name' }),
    SoGiayToChuHoSo: z.string().meta({ description: 'The applicant’s ID number or tax code' }),
    LoaiDoiTuong: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).meta({
      description: '1 citizen, 2 enterprise, 3 state body, 4 other organization',
    }),
    NgayNopHoSo: PortalTime,
    NgayTiepNhan: PortalTime,
    NgayHenTra: PortalTime,
    TrangThaiHoSo: z.number().int().min(1).max(10).meta({ description: 'The status code 1–10' }),
    NgayKetThucXuLy: PortalTime,
    NgayTra: PortalTime,
    DonViXuLy: z.string().meta({ description: 'The competent unit’s electronic identifier' }),
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
  })
  .meta({ id: 'PortalHoSo', description: 'One dossier as DVCQG records it' });
HoSoSchema satisfies z.ZodType<HoSo>;

const TienDoSchema = z
  .object({
    MaHoSo: z.string(),
    NguoiXuLy: z.string().meta({ description: 'The officer, or the client that acted' }),
    ChucDanh: z.string(),
    ThoiDiemXuLy: PortalTime,
    PhongBanXuLy: z.string(),
    NoiDungXuLy: z.string().meta({ description: 'The note, or the step’s name in Vietnamese' }),
    TrangThai: z.number().int().min(1).max(10),
    NgayBatDau: PortalTime,
    NgayKetThucTheoQuyDinh: PortalTime,
  })
  .meta({ id: 'PortalTienDo', description: 'One processing step as DVCQG records it' });
TienDoSchema satisfies z.ZodType<TienDo>;

export const DongBoHoSoBodySchema = z
  .object({
    service: z.literal('DongBoHoSoMC'),
    isUpdating: z
      .boolean()
      .meta({ description: 'The portal already holds the record (ONLINE, or synced before)' }),
    data: z.array(HoSoSchema),
  })
  .meta({ id: 'DongBoHoSoMC' });
DongBoHoSoBodySchema satisfies z.ZodType<DongBoHoSoBody>;

export const CapNhatTienDoBodySchema = z
  .object({
    service: z.literal('CapNhatTienDoHoSoMC'),
    data: z
      .array(TienDoSchema)
      .meta({ description: 'The steps after the version the portal last took, in order' }),
  })
  .meta({ id: 'CapNhatTienDoHoSoMC' });
CapNhatTienDoBodySchema satisfies z.ZodType<CapNhatTienDoBody>;

export const AgencyWebhookBodySchema = z
  .object({
    eventId: z.string().meta({ description: 'The routing event; the same on a redelivery' }),
    reason: z.enum(['PROCESS', 'DELIVER_RESULT']).meta({
      description: 'PROCESS: decide the dossier; DELIVER_RESULT: deliver its result (the post)',
    }),
    dossier: DossierSummarySchema,
  })
  .meta({ id: 'AgencyWebhook' });
