/**
 * Legacy conversion (docs/domain.md "Bulk data"): a dossier of the previous system, already
 * numbered, becomes a dossier here with its original code, channel, timestamps, status and
 * supplement count. It is marked imported (`importedAt`), so the router never delivers it to an
 * agency again: the previous system did.
 */

import type { Principal } from './access.ts';
import type { Center, Procedure, Unit } from './catalog.ts';
import {
  categorize,
  type Dossier,
  processingTimeOf,
  resolveCompetentUnit,
  type TimelineEvent,
} from './dossier.ts';
import { businessRule, DomainError, type FieldError } from './errors.ts';
import { APPLICANT_TYPES } from './identity.ts';
import {
  CHANNEL_CODES,
  CHANNELS,
  type Channel,
  DOSSIER_STATUSES,
  type DossierStatus,
  STATUS_CODES,
} from './status.ts';
import { fromPortalDateTime, toVietnamIso } from './time.ts';
import { judgeTimeliness } from './timeliness.ts';

/** A legacy row with DVCQG's field names, its cells already read (contract/legacy-dossiers.ts). */
export type LegacyRecord = {
  MaHoSo: string;
  MaTTHC: string;
  MaTrungTam: string;
  MaDonViXuLy: string;
  KenhThucHien: number;
  LoaiDoiTuong: number;
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  DiaChiChuHoSo: string;
  TrangThaiHoSo: number;
  NgayNopHoSo: string;
  NgayTiepNhan?: string | undefined;
  NgayHenTra?: string | undefined;
  NgayKetThucXuLy?: string | undefined;
  NgayTra?: string | undefined;
  SoLanBoSung: number;
  DaThanhToanTrucTuyen: number;
};

/** An imported dossier: when and by whom, and whether it was paid online. */
export type ImportedDossier = Dossier & { importedAt: string; paidOnline?: boolean };

/** DVCQG channel codes ("KenhThucHien"). */
const channelOf = (code: number): Channel => CHANNELS.find((c) => CHANNEL_CODES[c] === code) ?? 'DIRECT';
const statusOf = (code: number): DossierStatus =>
  DOSSIER_STATUSES.find((s) => STATUS_CODES[s] === code) ?? 'SUBMITTED';

/** Statuses reached only after receipt; NOT_RECEIVED is one only after a supplement (with NgayTiepNhan). */
const RECEIVED_ONLY: ReadonlySet<DossierStatus> = new Set([
  'RECEIVED',
  'IN_PROGRESS',
  'SUPPLEMENT_REQUESTED',
  'PAYMENT_REQUESTED',
  'STOPPED',
  'RESOLVED',
  'RETURNED',
]);
const FINISHED: ReadonlySet<DossierStatus> = new Set(['STOPPED', 'RESOLVED', 'RETURNED']);

export type LegacyCatalog = {
  procedure: Procedure | undefined;
  center: Center | undefined;
  units: readonly Unit[];
};

/**
 * The dossier and its one timeline event (IMPORT) of a legacy record. Throws a business-rule
 * error naming the fields when the record does not fit the catalog or its own statuses.
 */
export function convertLegacyDossier(
  record: LegacyRecord,
  catalog: LegacyCatalog,
  importedBy: Principal,
  now: Date,
): { dossier: ImportedDossier; event: TimelineEvent } {
  const errors: FieldError[] = [];
  const { procedure, center } = catalog;
  if (!procedure) errors.push({ path: 'MaTTHC', message: 'no such procedure' });
  if (!center) errors.push({ path: 'MaTrungTam', message: 'no such center' });
  const status = statusOf(record.TrangThaiHoSo);
  const received =
    RECEIVED_ONLY.has(status) || (status === 'NOT_RECEIVED' && record.NgayTiepNhan !== undefined);
  if (received && !record.NgayTiepNhan) {
    errors.push({ path: 'NgayTiepNhan', message: `status ${record.TrangThaiHoSo} needs the receipt time` });
  }
  if (!received && record.NgayTiepNhan && status !== 'WITHDRAWN') {
    errors.push({ path: 'NgayTiepNhan', message: `status ${record.TrangThaiHoSo} was never received` });
  }
  if (FINISHED.has(status) && !record.NgayKetThucXuLy) {
    errors.push({
      path: 'NgayKetThucXuLy',
      message: `status ${record.TrangThaiHoSo} needs the end of processing`,
    });
  }
  if (status === 'RETURNED' && !record.NgayTra) {
    errors.push({ path: 'NgayTra', message: 'a returned dossier needs the return time' });
  }
  const submittedAt = fromPortalDateTime(record.NgayNopHoSo);
  const receivedAt = record.NgayTiepNhan ? fromPortalDateTime(record.NgayTiepNhan) : undefined;
  if (receivedAt && receivedAt < submittedAt) {
    errors.push({ path: 'NgayTiepNhan', message: 'before NgayNopHoSo' });
  }
  let unit: Unit | undefined;
  if (procedure && center) {
    try {
      unit = resolveCompetentUnit(procedure, center, catalog.units, record.MaDonViXuLy);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push({ path: 'MaDonViXuLy', message: error.message });
    }
  }
  if (errors.length > 0 || !procedure || !center || !unit) {
    throw businessRule(`Dossier ${record.MaHoSo} cannot be imported`, errors);
  }
  const channel = channelOf(record.KenhThucHien);
  const dueAt = record.NgayHenTra ? fromPortalDateTime(record.NgayHenTra) : undefined;
  const finishedAt = record.NgayKetThucXuLy ? fromPortalDateTime(record.NgayKetThucXuLy) : undefined;
  // Judged as the lifecycle judges (Decision 766): more than one supplement request is late.
  const timeliness = received
    ? judgeTimeliness(
        {
          status,
          supplementRequests: record.SoLanBoSung,
          ...(dueAt ? { dueAt } : {}),
          ...(finishedAt ? { finishedAt } : {}),
        },
        now,
      )
    : undefined;
  const importedAt = toVietnamIso(now);
  const dossier: ImportedDossier = {
    dossierCode: record.MaHoSo,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    centerId: center.centerId,
    competentUnitId: unit.unitId,
    agencyId: unit.agencyId,
    category: categorize(center, unit),
    channel,
    status,
    version: 1,
    submittedAt,
    ...(receivedAt ? { receivedAt } : {}),
    ...(dueAt ? { dueAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(timeliness ? { timeliness } : {}),
    applicant: {
      // DVCQG's LoaiDoiTuong 1–4 in the order of APPLICANT_TYPES.
      type: APPLICANT_TYPES[record.LoaiDoiTuong - 1] ?? 'OTHER_ORGANIZATION',
      idNumber: record.SoGiayToChuHoSo,
      fullName: record.ChuHoSo,
      address: record.DiaChiChuHoSo,
    },
    summary: procedure.name,
    documents: [],
    resultDelivery: channel === 'POSTAL' ? 'POSTAL' : 'COUNTER',
    processing: processingTimeOf(procedure),
    ...(record.SoLanBoSung > 0 ? { supplementRequests: record.SoLanBoSung } : {}),
    submittedBy: importedBy.clientId,
    // Received ones were delivered by the previous system: the deciding agency may read them.
    routedTo: received ? [unit.agencyId] : [],
    importedAt,
    ...(record.DaThanhToanTrucTuyen === 1 ? { paidOnline: true } : {}),
  };
  return {
    dossier,
    event: { at: importedAt, action: 'IMPORT', actor: importedBy.clientId, toStatus: status, version: 1 },
  };
}
