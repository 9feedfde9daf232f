/**
 * The actions table of the OpenAPI document (the description of
 * `POST /v1/dossiers/{dossierCode}/actions`), generated from the lifecycle's own TRANSITIONS so
 * the document cannot say other than what the service decides.
 */
import { ACTIONS, type Action, TRANSITIONS } from '#shared/domain/lifecycle.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';

/** What the body needs besides `action`, by what the lifecycle requires. */
const REQUIREMENT_TEXT = {
  note: '`note` (the reason, shown to the applicant)',
  fees: '`fees`: at least one `{ code, name, amount }` (VND)',
  documents: '`documents`: at least one',
} as const;

/**
 * What each action's documents are, and what else the body or the caller should know. Keyed by
 * action, so a new action does not compile without its line.
 */
const ACTION_NOTES: Record<Action, string> = {
  ACCEPT: 'due date computed from now; routed to its agency system',
  REFUSE: 'finished',
  START: 'also taken by the agency handler when a webhook acknowledges the delivery',
  REQUEST_SUPPLEMENT: 'the list of what to supply goes in `note`; the clock pauses',
  SUPPLEMENT:
    'the supplied documents (`documentCode`, `attachmentId` of a VERIFIED upload); they replace those of the same code; the clock resumes',
  REQUEST_PAYMENT:
    'the fees become the dossier’s `fees`; pay online with `POST /v1/dossiers/{dossierCode}/payments`',
  CONFIRM_PAYMENT: 'paid at the counter (the payment gateway’s callback takes it for online payments)',
  RESOLVE:
    'the result files (`documentCode`, `name`, `attachmentId`) become `results`; timeliness judged; a POSTAL result is routed to `post`',
  STOP: 'finished',
  WITHDRAW: 'at the applicant’s request; finished',
  RETURN_RESULT: 'sets `returnedAt`',
};

const status = (name: string) => `\`${name}\` (${STATUS_CODES[name as keyof typeof STATUS_CODES]})`;

/** The markdown table: one row per action, in the lifecycle's order. */
export function actionsTable(): string {
  const rows = ACTIONS.map((action) => {
    const rule = TRANSITIONS[action];
    const body = rule.requires ? REQUIREMENT_TEXT[rule.requires] : '—';
    return `| \`${action}\` | ${rule.who.join(', ')} | ${rule.from.map(status).join(', ')} | ${status(rule.to)} | ${body} | ${ACTION_NOTES[action]} |`;
  });
  return [
    '| action | client profile | from status | to status | body needs | effect |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
