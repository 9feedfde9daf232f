/**
 * For integration test files: the emulators started by global-setup.ts.
 *
 *   const { resources } = useEmulators();            // first: puts the handler env in process.env
 *   const { handler } = await import('#functions/api/list-centers.ts');   // then import handlers
 */
import { inject } from 'vitest';
import { type AwsClients, awsClients } from '#infra/local/clients.ts';
import { applyEnvironment } from '#infra/local/environment.ts';
import type { LocalResources } from '#infra/local/provision.ts';
import type { SubmitDossierRequest } from '#shared/contract/dossier.ts';
import type { Principal } from '#shared/domain/access.ts';
import type { Dossier } from '#shared/domain/dossier.ts';

export type EmulatorContext = {
  env: Record<string, string>;
  resources: LocalResources;
};

/**
 * Applies the handler environment (table names, AGENCY_QUEUE_URLS, bucket, SDK endpoints and
 * the emulators' random access key id, Powertools settings) to process.env. Call it before
 * importing any handler or adapter module: they read the environment when they load.
 */
export function useEmulators(): EmulatorContext {
  const env = inject('motcuaEnv');
  applyEnvironment(env);
  return { env, resources: inject('motcuaResources') };
}

/** SDK clients pointed at the emulators (call destroy() in afterAll). */
export function emulatorClients(): AwsClients {
  const resources = inject('motcuaResources');
  return awsClients(resources);
}

let keys = 0;
/**
 * Files a dossier through the use case and the real adapters at `now`, under an
 * Idempotency-Key of its own (call useEmulators() first).
 */
export async function fileDossier(
  principal: Principal,
  request: SubmitDossierRequest,
  now: Date,
): Promise<Dossier> {
  const { attachmentStore, catalog, dossierStore } = await import('#shared/config/services.ts');
  const { submitDossier } = await import('#shared/use-cases/submit-dossier.ts');
  const outcome = await submitDossier(
    {
      catalog: catalog(),
      submissions: dossierStore(),
      attachments: attachmentStore(),
      now: () => now,
    },
    principal,
    { clientId: principal.clientId, idempotencyKey: `it-${process.pid}-${Date.now()}-${++keys}` },
    request,
  );
  return outcome.dossier;
}

/**
 * Stores VERIFIED attachment records of `clientId` (overwriting), as if uploaded and checked:
 * for tests of dossiers that attach files without going through uploads.
 */
export async function seedVerifiedAttachments(
  clientId: string,
  attachmentIds: readonly string[],
): Promise<void> {
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { documentClient } = await import('#shared/adapters/aws-clients.ts');
  const { TABLES } = await import('#infra/topology.ts');
  const tableName = process.env[TABLES.attachments.envVar];
  for (const attachmentId of attachmentIds) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          attachmentId,
          uploadedBy: clientId,
          status: 'VERIFIED',
          fileName: `${attachmentId}.pdf`,
          contentType: 'application/pdf',
          size: 1000,
          sha256: '0'.repeat(64),
          createdAt: '2025-07-15T08:00:00+07:00',
          decidedAt: '2025-07-15T08:00:05+07:00',
        },
      }),
    );
  }
}
