import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { ActionRequestSchema } from '#shared/contract/dossier-action.ts';
import { DossierCodeSchema } from '#shared/contract/identifiers.ts';
import { presentDossier } from '#shared/contract/present.ts';
import { httpHandler, parseBody, parsePathParameter, principalOf } from '#shared/runtime/http.ts';
import { countProvisionalDueDate } from '#shared/runtime/powertools.ts';
import { actOnDossier } from '#shared/use-cases/act-on-dossier.ts';

/** POST /v1/dossiers/{dossierCode}/actions — one step of the dossier's lifecycle. */
export const handler = httpHandler(async (request) => {
  // The gateway has authenticated the caller; a code that cannot exist costs no read at all.
  const code = parsePathParameter(request, 'dossierCode', DossierCodeSchema, {
    notFound: 'No dossier has this code',
  });
  const principal = await principalOf(request, catalog());
  const command = parseBody(request, ActionRequestSchema);
  const { dossier, history } = await actOnDossier(
    { catalog: catalog(), dossiers: dossierStore(), attachments: attachmentStore(), now: () => new Date() },
    principal,
    code,
    command,
  );
  if (command.action === 'ACCEPT' || command.action === 'SUPPLEMENT') countProvisionalDueDate(dossier);
  return { status: 200, body: presentDossier(dossier, history) };
});
