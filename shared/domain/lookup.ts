/**
 * Public lookup ("tra cứu hồ sơ"): anyone holding a dossier's code and the last four digits of
 * its applicant's ID number may follow it, without a token. What they see carries no personal
 * data: the procedure, the status, the dates and the steps, never the applicant, the summary,
 * the documents or who acted.
 */
import type { Dossier, TimelineEvent } from './dossier.ts';
import { type DossierStatus, STATUS_CODES } from './status.ts';
import { STATUS_NAMES_VI } from './status-names.ts';

/** The last four digits of an ID number, as the lookup asks for them. */
export const ID_LAST4 = /^[0-9]{4}$/;

export type LookupStep = { at: string; status: DossierStatus; statusCode: number; statusName: string };
export type PublicDossierView = {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  status: DossierStatus;
  statusCode: number;
  statusName: string;
  submittedAt: string;
  receivedAt?: string | undefined;
  dueAt?: string | undefined;
  finishedAt?: string | undefined;
  steps: LookupStep[];
};

/**
 * Whether `idLast4` matches the applicant's ID number. The comparison looks at every digit
 * whatever matches, so a wrong pair costs what a right one does.
 */
export function holdsIdLast4(dossier: Pick<Dossier, 'applicant'>, idLast4: string): boolean {
  const expected = dossier.applicant.idNumber.slice(-4).padStart(4, '\0');
  let difference = expected.length ^ idLast4.length;
  for (let i = 0; i < 4; i++) difference |= (expected.charCodeAt(i) ^ idLast4.charCodeAt(i)) | 0;
  return difference === 0;
}

/** What the public may see of a dossier: no applicant, no summary, no documents, no actors. */
export function publicView(dossier: Dossier, history: readonly TimelineEvent[]): PublicDossierView {
  const step = (at: string, status: DossierStatus): LookupStep => ({
    at,
    status,
    statusCode: STATUS_CODES[status],
    statusName: STATUS_NAMES_VI[status],
  });
  return {
    dossierCode: dossier.dossierCode,
    procedureCode: dossier.procedureCode,
    procedureName: dossier.procedureName,
    status: dossier.status,
    statusCode: STATUS_CODES[dossier.status],
    statusName: STATUS_NAMES_VI[dossier.status],
    submittedAt: dossier.submittedAt,
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    finishedAt: dossier.finishedAt,
    // Only the steps that changed the status, oldest first: notes and actors stay inside.
    steps: [...history]
      .sort((a, b) => a.version - b.version)
      .filter((event) => event.fromStatus !== event.toStatus)
      .map((event) => step(event.at, event.toStatus)),
  };
}

/** The lookup page's address for a dossier: what the receipt's QR code holds. */
export function lookupUrl(baseUrl: string, dossierCode: string, idLast4: string): string {
  const query = new URLSearchParams({ ma: dossierCode, so: idLast4 });
  return `${baseUrl.replace(/\/+$/, '')}/tra-cuu?${query.toString()}`;
}
