import { METRICS } from '#shared/config/runtime-names.ts';
import { attachmentStore } from '#shared/config/services/attachment-store.ts';
import { catalog } from '#shared/config/services/catalog.ts';
import { dossierStore } from '#shared/config/services/dossier-store.ts';
import { IdempotencyKeySchema, SubmitDossierRequestSchema } from '#shared/contract/dossier-submission.ts';
import { presentDossier } from '#shared/contract/present.ts';
import { validationError } from '#shared/domain/errors.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { countProvisionalDueDate, metrics } from '#shared/runtime/powertools.ts';
import { submitDossier } from '#shared/use-cases/submit-dossier.ts';

/** POST /v1/dossiers — file a dossier (ONLINE from the portal; DIRECT or POSTAL at a center). */
export const handler = httpHandler(async (request) => {
  const principal = await principalOf(request, catalog());
  const key = IdempotencyKeySchema.safeParse(request.headers['idempotency-key']);
  if (!key.success) {
    throw validationError('Send an Idempotency-Key header of 8–128 characters of [A-Za-z0-9_-]', [
      { path: 'Idempotency-Key', message: request.headers['idempotency-key'] ? 'malformed' : 'required' },
    ]);
  }
  const body = parseBody(request, SubmitDossierRequestSchema);
  const { dossier, event, replayed } = await submitDossier(
    {
      catalog: catalog(),
      submissions: dossierStore(),
      attachments: attachmentStore(),
      now: () => new Date(),
    },
    principal,
    { clientId: principal.clientId, idempotencyKey: key.data },
    body,
  );
  if (!replayed) {
    // Intake per channel (dashboard): one dimension of three values.
    const intake = metrics.singleMetric();
    intake.addDimension('channel', dossier.channel);
    intake.addMetric(METRICS.dossiersReceived, 'Count', 1);
    countProvisionalDueDate(dossier);
  }
  const presented = presentDossier(dossier, [event]);
  return {
    status: 201,
    body: presented,
    headers: {
      location: `/v1/dossiers/${encodeURIComponent(presented.dossierCode)}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
