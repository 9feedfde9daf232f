/**
 * The catalog as the rules see it: the centers that receive dossiers, the units that decide
 * them, the agency systems that process them, and the procedures with their documents, fees
 * and statutory processing times (docs/domain.md). The contract's schemas map onto these types.
 */
export type UnitKind = 'COMMUNE_PC' | 'PROVINCIAL_DEPARTMENT' | 'VERTICAL_AGENCY';

/** A Public Administration Service Center and the commune/ward unit it belongs to. */
export type Center = { centerId: string; name: string; unitId: string; unitCode: string };

/** A competent unit: a commune/ward People's Committee, a provincial department or a vertical agency. */
export type Unit = { unitId: string; name: string; kind: UnitKind; agencyId: string; unitCode: string };

/** An agency system: one fan-out queue, one webhook endpoint. */
export type Agency = { agencyId: string; name: string };

/** Decree 42/2022: FULL ("toàn trình") or PARTIAL ("một phần") online service. */
/** Decree 42/2022: whole procedure online, filed online with a step in person, or not online. */
export type OnlineLevel = 'FULL' | 'PARTIAL' | 'NONE';

/** Units of a statutory processing time in the national procedure database (hours: `processingHours`). */
export type ProcessingUnit = 'WORKING_DAYS' | 'CALENDAR_DAYS' | 'MONTHS';

export type ProcedureDocument = {
  code: string;
  name: string;
  nameEn?: string | undefined;
  mandatory: boolean;
};

export type ProcedureFee = { code: string; name: string; amount: number; amountKnown?: boolean | undefined };

export type Procedure = {
  code: string;
  name: string;
  nameEn?: string | undefined;
  field?: string | undefined;
  level: 'PROVINCIAL' | 'COMMUNE';
  competentUnitKind: UnitKind;
  agencyId: string;
  /** The competent unit when a submission names none (procedures not decided by a commune). */
  defaultCompetentUnitId?: string | undefined;
  /** The statutory time in `processingUnit`: working days of 8 office hours unless it says otherwise. */
  processingDays: number;
  /** How `processingDays` counts; absent means WORKING_DAYS (docs/domain.md, the clock). */
  processingUnit?: ProcessingUnit | undefined;
  /** Working hours, added to processingDays. */
  processingHours?: number | undefined;
  /** 'HH:mm': a receipt at or after it counts from the next working day. */
  sameDayCutoff?: string | undefined;
  onlineLevel: OnlineLevel;
  documents: ProcedureDocument[];
  fees: ProcedureFee[];
  source?: string | undefined;
  /** Fields that hold placeholder values because no official value was found. */
  defaults?: string[] | undefined;
};
