import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { TABLES } from '#infra/topology.ts';
import { idempotencyConfig, idempotencyStore } from '#shared/adapters/idempotency.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { catalog, dossierStore } from '#shared/config/services.ts';
import { IdempotencyKeySchema, SubmitDossierRequestSchema } from '#shared/contract/dossier.ts';
import { presentDossier } from '#shared/contract/present.ts';
import type { Principal } from '#shared/domain/access.ts';
import { validationError } from '#shared/domain/errors.ts';
import { httpHandler, parseBody, principalOf } from '#shared/runtime/http.ts';
import { submitDossier } from '#shared/use-cases/submit-dossier.ts';

type Submission = {
  clientId: string;
  idempotencyKey: string;
  request: ReturnType<typeof SubmitDossierRequestSchema.parse>;
  principal: Principal;
  requestId: string;
};

const config = idempotencyConfig({
  key: '[clientId, idempotencyKey]',
  payload: 'request',
  expiresAfterSeconds: 24 * 60 * 60,
});

// The same client and key give the stored result again; the same key with another body is a 422.
const submitOnce = makeIdempotent(
  async (submission: Submission) => {
    const { dossier, event } = await submitDossier(
      { catalog: catalog(), dossiers: dossierStore(), now: () => new Date() },
      submission.principal,
      submission.request,
    );
    return { dossier: presentDossier(dossier, [event]), requestId: submission.requestId };
  },
  { persistenceStore: idempotencyStore(requiredEnv(TABLES.idempotency.envVar)), config },
);

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
  config.registerLambdaContext(request.context);
  const result = await submitOnce({
    clientId: principal.clientId,
    idempotencyKey: key.data,
    request: body,
    principal,
    requestId: request.context.awsRequestId,
  });
  const replayed = result.requestId !== request.context.awsRequestId;
  return {
    status: 201,
    body: result.dossier,
    headers: {
      location: `/v1/dossiers/${encodeURIComponent(result.dossier.dossierCode)}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
