import { catalog, dossierStore } from '#shared/config/services.ts';
import { ActionRequestSchema } from '#shared/contract/dossier.ts';
import { presentDossier } from '#shared/contract/present.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { actOnDossier } from '#shared/use-cases/act-on-dossier.ts';

/** POST /v1/dossiers/{dossierCode}/actions — one step of the dossier's lifecycle. */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const command = parseBody(request, ActionRequestSchema);
  const code = request.pathParameters.dossierCode ?? '';
  const { dossier, history } = await actOnDossier(
    { catalog: catalog(), dossiers: dossierStore(), now: () => new Date() },
    principal,
    code,
    command,
  );
  return { status: 200, body: presentDossier(dossier, history) };
});
