/**
 * The national portal's sync endpoint: an HTTPS POST of each DongBoHoSoMC / CapNhatTienDoHoSoMC
 * body, signed like the agency webhooks (HMAC-SHA256 over `{timestamp}.{body}`), with the
 * dossier version so the receiver can drop a body that crossed a newer one:
 *
 *   X-Motcua-Event-Id:       <dossierCode>@<version>/<service> (the same on a retry)
 *   X-Motcua-Dossier-Version: the dossier version the body shows
 *   X-Motcua-Timestamp, X-Motcua-Signature: as the agency webhooks
 */
import type { PortalSyncBody } from '#shared/domain/portal-sync.ts';
import type { PortalSyncEndpoint, PortalSyncMessage } from '#shared/use-cases/sync-to-portal.ts';
import { postSigned } from './agency-webhooks.ts';

export const DOSSIER_VERSION_HEADER = 'x-motcua-dossier-version';

/** The portal did not take a body; the queue retries the message. */
export class PortalSyncError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'PortalSyncError';
    this.status = status;
  }
}

export class HttpPortalSync implements PortalSyncEndpoint {
  private readonly url: string;
  private readonly secret: () => Promise<string>;
  private readonly timeoutMs: number;

  constructor(url: string, secret: () => Promise<string>, timeoutMs = 10_000) {
    this.url = url;
    this.secret = secret;
    this.timeoutMs = timeoutMs;
  }

  async post(payload: PortalSyncBody, meta: PortalSyncMessage): Promise<void> {
    await postSigned(
      {
        url: this.url,
        secret: await this.secret(),
        eventId: `${meta.dossierCode}@${meta.version}/${payload.service}`,
        payload,
        timeoutMs: this.timeoutMs,
        headers: { [DOSSIER_VERSION_HEADER]: String(meta.version) },
      },
      (reason, status) => new PortalSyncError(`portal sync endpoint ${reason}`, status),
    );
  }
}

/**
 * No portal URL configured (local runtime without MOTCUA_PORTAL_SYNC_URL): nothing is posted and
 * the message is kept in the queue (then its DLQ, 14 days) until a URL is set and it is redriven.
 */
export class UnconfiguredPortalSync implements PortalSyncEndpoint {
  async post(_payload: PortalSyncBody, meta: PortalSyncMessage): Promise<void> {
    throw new PortalSyncError(
      `no portal sync URL: ${meta.dossierCode} version ${meta.version} kept in the queue`,
    );
  }
}
