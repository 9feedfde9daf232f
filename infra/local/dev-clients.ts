/**
 * The well-known development clients of local mode (docs/api.md §3): `local-portal`,
 * `local-admin`, `local-center-<centerId>` for every seeded center, `local-agency-<agencyId>`
 * for every agency system and `local-agency-commune-<unitId>` bound to each seeded commune
 * People's Committee, all with the secret `local-secret`. The local token endpoint issues
 * their tokens; their profile bindings are seeded into the catalog with the rest of the seed.
 */
import { AGENCY_SYSTEMS, PROFILE_SCOPES, type Scope } from '#infra/topology.ts';
import { CENTERS, COMMUNE_UNITS } from '#shared/config/seed-catalog.ts';
import type { ClientBinding } from '#shared/domain/access.ts';

export const DEV_CLIENT_SECRET = 'local-secret';

export type DevClient = {
  binding: ClientBinding;
  secret: string;
  /** What the client may ask for: its profile's scopes (topology PROFILE_SCOPES). */
  allowedScopes: readonly Scope[];
};

const devClient = (binding: ClientBinding): DevClient => ({
  binding,
  secret: DEV_CLIENT_SECRET,
  allowedScopes: PROFILE_SCOPES[binding.profile],
});

export const DEV_CLIENTS: readonly DevClient[] = [
  devClient({ clientId: 'local-portal', profile: 'portal' }),
  devClient({ clientId: 'local-admin', profile: 'admin' }),
  ...CENTERS.map((center) =>
    devClient({ clientId: `local-center-${center.centerId}`, profile: 'center', centerId: center.centerId }),
  ),
  ...AGENCY_SYSTEMS.map((agencyId) =>
    devClient({ clientId: `local-agency-${agencyId}`, profile: 'agency', agencyId }),
  ),
  ...COMMUNE_UNITS.map((unit) =>
    devClient({
      clientId: `local-agency-${unit.agencyId}-${unit.unitId}`,
      profile: 'agency',
      agencyId: unit.agencyId,
      unitIds: [unit.unitId],
    }),
  ),
];

const byId = new Map(DEV_CLIENTS.map((client) => [client.binding.clientId, client]));

export const findDevClient = (clientId: string): DevClient | undefined => byId.get(clientId);

/** The bindings to seed into the catalog (`clients` of catalogItems). */
export const DEV_CLIENT_BINDINGS: readonly ClientBinding[] = DEV_CLIENTS.map((client) => client.binding);
