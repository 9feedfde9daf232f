/**
 * The seed catalog: the centers, units and agency systems of the contract, and 60 real
 * procedures as published on the national public service portal
 * (seed/procedures-sample.json, kept verbatim). Where a published fact is missing, the procedure
 * gets a placeholder and names the field in `defaults`; no official value is invented.
 */

import type { AgencySystemId } from '#infra/topology.ts';
import type { PublishedProcedure } from '#shared/contract/catalog-import.ts';
import type { YearCalendar } from '#shared/domain/calendar.ts';
import { OFFICIAL_CALENDARS } from '#shared/domain/calendar-data.ts';
import type { Agency, Center, Procedure, Unit, UnitKind } from '#shared/domain/catalog.ts';
import published from './seed/procedures-sample.json' with { type: 'json' };

export const AGENCIES: Agency[] = [
  { agencyId: 'commune', name: "Commune/ward People's Committee offices (Văn phòng UBND cấp xã)" },
  { agencyId: 'provincial', name: 'Provincial departments (Sở, ngành tỉnh Quảng Ninh)' },
  { agencyId: 'land-registry', name: 'Land registry office (Văn phòng đăng ký đất đai tỉnh Quảng Ninh)' },
  { agencyId: 'police', name: 'Police (Công an tỉnh Quảng Ninh)' },
  { agencyId: 'social-insurance', name: 'Social insurance (Bảo hiểm xã hội tỉnh Quảng Ninh)' },
  { agencyId: 'tax', name: 'Tax (Thuế tỉnh Quảng Ninh)' },
  { agencyId: 'post', name: 'Public postal service (Bưu điện tỉnh Quảng Ninh)' },
];

// No official post-2025 commune identifiers exist (shared data README); these unit codes follow
// the QCVN 102 pattern under Quang Ninh's H49 and are configuration, not official values.
const unit = (
  unitId: string,
  name: string,
  kind: UnitKind,
  agencyId: AgencySystemId,
  unitCode: string,
): Unit => ({
  unitId,
  name,
  kind,
  agencyId,
  unitCode,
});

export const UNITS: Unit[] = [
  unit('hong-gai-pc', 'Ủy ban nhân dân phường Hồng Gai', 'COMMUNE_PC', 'commune', '000.21.01.H49'),
  unit('bai-chay-pc', 'Ủy ban nhân dân phường Bãi Cháy', 'COMMUNE_PC', 'commune', '000.21.02.H49'),
  unit('tien-yen-pc', 'Ủy ban nhân dân xã Tiên Yên', 'COMMUNE_PC', 'commune', '000.21.03.H49'),
  unit('uong-bi-pc', 'Ủy ban nhân dân phường Uông Bí', 'COMMUNE_PC', 'commune', '000.21.04.H49'),
  unit(
    'dept-finance',
    'Sở Tài chính tỉnh Quảng Ninh',
    'PROVINCIAL_DEPARTMENT',
    'provincial',
    '000.00.10.H49',
  ),
  unit('dept-justice', 'Sở Tư pháp tỉnh Quảng Ninh', 'PROVINCIAL_DEPARTMENT', 'provincial', '000.00.11.H49'),
  unit(
    'dept-construction',
    'Sở Xây dựng tỉnh Quảng Ninh',
    'PROVINCIAL_DEPARTMENT',
    'provincial',
    '000.00.12.H49',
  ),
  unit(
    'dept-agriculture-environment',
    'Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh',
    'PROVINCIAL_DEPARTMENT',
    'provincial',
    '000.00.13.H49',
  ),
  unit(
    'dept-education',
    'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
    'PROVINCIAL_DEPARTMENT',
    'provincial',
    '000.00.14.H49',
  ),
  unit(
    'dept-home-affairs',
    'Sở Nội vụ tỉnh Quảng Ninh',
    'PROVINCIAL_DEPARTMENT',
    'provincial',
    '000.00.15.H49',
  ),
  unit(
    'land-registry-office',
    'Văn phòng đăng ký đất đai tỉnh Quảng Ninh',
    'VERTICAL_AGENCY',
    'land-registry',
    '000.30.01.H49',
  ),
  unit('provincial-police', 'Công an tỉnh Quảng Ninh', 'VERTICAL_AGENCY', 'police', '000.30.02.H49'),
  unit(
    'social-insurance-office',
    'Bảo hiểm xã hội tỉnh Quảng Ninh',
    'VERTICAL_AGENCY',
    'social-insurance',
    '000.30.03.H49',
  ),
  unit('tax-office', 'Thuế tỉnh Quảng Ninh', 'VERTICAL_AGENCY', 'tax', '000.30.04.H49'),
  unit('post-office', 'Bưu điện tỉnh Quảng Ninh', 'VERTICAL_AGENCY', 'post', '000.30.05.H49'),
];

/**
 * The commune People's Committees: they share the `commune` agency system, so each also gets
 * a client bound to its own unit (local `local-agency-commune-<unitId>`, deployed
 * `agency-commune-<unitId>`).
 */
export const COMMUNE_UNITS: readonly Unit[] = UNITS.filter(
  (u) => u.kind === 'COMMUNE_PC' && u.agencyId === 'commune',
);

const centerOf = (centerId: string, name: string, unitId: string): Center => {
  const own = UNITS.find((u) => u.unitId === unitId);
  if (!own) throw new Error(`seed: unknown unit ${unitId}`);
  return { centerId, name, unitId, unitCode: own.unitCode };
};

export const CENTERS: Center[] = [
  centerOf('hong-gai', 'Trung tâm Phục vụ hành chính công phường Hồng Gai', 'hong-gai-pc'),
  centerOf('bai-chay', 'Trung tâm Phục vụ hành chính công phường Bãi Cháy', 'bai-chay-pc'),
  centerOf('tien-yen', 'Trung tâm Phục vụ hành chính công xã Tiên Yên', 'tien-yen-pc'),
  centerOf('uong-bi', 'Trung tâm Phục vụ hành chính công phường Uông Bí', 'uong-bi-pc'),
];

/** The department that decides a provincial procedure, by its published field. */
const DEPARTMENT_BY_FIELD: Record<string, string> = {
  'Thành lập và hoạt động của doanh nghiệp': 'dept-finance',
  'Hoạt động xây dựng': 'dept-construction',
  'Hàng hải và đường thủy nội địa': 'dept-construction',
  'Đất đai': 'dept-agriculture-environment',
  'Văn bằng, chứng chỉ': 'dept-education',
  'Chứng thực': 'dept-justice',
  'Trợ giúp pháp lý': 'dept-justice',
  'Việc làm': 'dept-home-affairs',
};

/**
 * Placeholders where the published record has no value. An unknown online level is `NONE`: the
 * ONLINE channel stays closed until an operator sets the published level (`PUT /v1/procedures`).
 */
const PLACEHOLDER = { processingDays: 5, onlineLevel: 'NONE' as const, feeAmount: 0 };

/**
 * A published record as a catalog procedure (also the catalog import's rows): a record without a
 * code gets `H49.L<row>`; the competent unit comes from the record, else from its field
 * (provincial) or its agency system (vertical). Throws an Error when none is found.
 */
export function procedureFromPublished(p: PublishedProcedure, index: number): Procedure {
  const defaults: string[] = [];
  const code = p.code ?? `H49.L${String(index + 1).padStart(3, '0')}`;
  if (p.code === null) defaults.push('code');
  if (p.processingDays === null) defaults.push('processingDays');
  if (p.onlineLevel === null) defaults.push('onlineLevel');
  const competentUnitKind = p.competentUnitKind as UnitKind;
  const defaultCompetentUnitId =
    p.defaultCompetentUnitId ??
    (competentUnitKind === 'COMMUNE_PC'
      ? undefined
      : competentUnitKind === 'PROVINCIAL_DEPARTMENT'
        ? DEPARTMENT_BY_FIELD[p.field]
        : UNITS.find((u) => u.kind === 'VERTICAL_AGENCY' && u.agencyId === p.agencyId)?.unitId);
  if (competentUnitKind !== 'COMMUNE_PC' && !defaultCompetentUnitId) {
    throw new Error(`no competent unit for procedure ${code} (${p.field})`);
  }
  if (p.fees.some((fee) => fee.amount_vnd === null)) defaults.push('fees.amount');
  return {
    code,
    name: p.name_vi,
    ...(p.name_en ? { nameEn: p.name_en } : {}),
    field: p.field,
    level: p.level as Procedure['level'],
    competentUnitKind,
    agencyId: p.agencyId,
    ...(defaultCompetentUnitId ? { defaultCompetentUnitId } : {}),
    processingDays: p.processingDays ?? PLACEHOLDER.processingDays,
    ...(p.processingUnit ? { processingUnit: p.processingUnit } : {}),
    ...(p.processingHours ? { processingHours: p.processingHours } : {}),
    ...(p.sameDayCutoff ? { sameDayCutoff: p.sameDayCutoff } : {}),
    onlineLevel: (p.onlineLevel as Procedure['onlineLevel'] | null) ?? PLACEHOLDER.onlineLevel,
    documents: p.documents.map((d, i) => ({
      code: `TP${String(i + 1).padStart(2, '0')}`,
      name: d.name_vi,
      ...(d.name_en ? { nameEn: d.name_en } : {}),
      mandatory: d.mandatory,
    })),
    fees: p.fees.map((fee, i) => ({
      code: `LP${String(i + 1).padStart(2, '0')}`,
      name: fee.name_vi,
      amount: fee.amount_vnd ?? PLACEHOLDER.feeAmount,
      ...(fee.amount_vnd === null ? { amountKnown: false } : {}),
    })),
    ...(p.source ? { source: p.source } : {}),
    ...(defaults.length > 0 ? { defaults } : {}),
  };
}

export const PROCEDURES: Procedure[] = (published as PublishedProcedure[]).map(procedureFromPublished);

export const CALENDARS: YearCalendar[] = OFFICIAL_CALENDARS;
