/**
 * The HTTP routes and their scopes: what the shared HTTP runtime checks before a handler runs
 * (shared/runtime/route-access.ts), the stack wires (infra/constructs/api.ts) and the local
 * gateway serves. infra/topology.ts re-exports it; functions import it from here, so no bundle
 * holds the topology.
 */
import type { FunctionId } from '#infra/topology.ts';

export const SCOPES = {
  submit: 'motcua/dossiers.submit',
  read: 'motcua/dossiers.read',
  process: 'motcua/dossiers.process',
  reports: 'motcua/reports.read',
  admin: 'motcua/catalog.admin',
} as const;
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];
export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);

export type RouteSpec = {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path template, e.g. `/v1/dossiers/{dossierCode}`. */
  path: string;
  function: FunctionId;
  /** `public`: no token. Otherwise the token must carry at least one of `scopes`. */
  auth: 'public' | 'token';
  scopes: readonly Scope[];
  /**
   * A public route that answers from data (the citizens' lookup): each client IP may make
   * LOOKUP_RATE_LIMIT requests per window (shared/runtime/route-access.ts); in AWS the WAF also
   * limits these paths per IP (infra/constructs/api.ts).
   */
  perIpLimit?: true;
};

const route = (
  method: RouteSpec['method'],
  path: string,
  fn: FunctionId,
  scopes: readonly Scope[],
): RouteSpec => ({ method, path, function: fn, auth: 'token', scopes });

export const ROUTES: RouteSpec[] = [
  route('GET', '/v1/centers', 'listCenters', ALL_SCOPES),
  route('GET', '/v1/units', 'listUnits', ALL_SCOPES),
  route('GET', '/v1/agencies', 'listAgencies', ALL_SCOPES),
  route('GET', '/v1/procedures', 'listProcedures', ALL_SCOPES),
  route('GET', '/v1/procedures/{code}', 'getProcedure', ALL_SCOPES),
  route('POST', '/v1/dossiers', 'submitDossier', [SCOPES.submit]),
  route('GET', '/v1/dossiers', 'listDossiers', [SCOPES.read]),
  route('GET', '/v1/dossiers/{dossierCode}', 'getDossier', [SCOPES.read]),
  route('POST', '/v1/dossiers/{dossierCode}/actions', 'actOnDossier', [SCOPES.process]),
  route('PUT', '/v1/procedures/{code}', 'putProcedure', [SCOPES.admin]),
  route('PUT', '/v1/calendar/{year}', 'putCalendar', [SCOPES.admin]),
  { method: 'GET', path: '/v1/openapi.json', function: 'getOpenApi', auth: 'public', scopes: [] },
  route('GET', '/v1/calendar/{year}', 'getCalendar', ALL_SCOPES),
  route('POST', '/v1/admin/procedures/import', 'importProcedures', [SCOPES.admin]),
  route('POST', '/v1/attachments', 'createAttachment', [SCOPES.submit, SCOPES.process]),
  route('GET', '/v1/attachments/{attachmentId}', 'getAttachment', [
    SCOPES.submit,
    SCOPES.process,
    SCOPES.read,
  ]),
  route('GET', '/v1/attachments/{attachmentId}/download', 'downloadAttachment', [SCOPES.read]),
  route('GET', '/v1/reports/monthly', 'getMonthlyReport', [SCOPES.reports]),
  route('GET', '/v1/reports/indicators', 'getIndicators', [SCOPES.reports]),
  route('POST', '/v1/admin/dossiers:import', 'importDossiers', [SCOPES.admin]),
  route('GET', '/v1/dossiers/{dossierCode}/receipt', 'getReceipt', [SCOPES.read]),
  route('POST', '/v1/dossiers/{dossierCode}/rating', 'rateDossier', [SCOPES.submit]),
  {
    method: 'GET',
    path: '/v1/lookup',
    function: 'lookupDossier',
    auth: 'public',
    scopes: [],
    perIpLimit: true,
  },
  { method: 'GET', path: '/tra-cuu', function: 'lookupPage', auth: 'public', scopes: [], perIpLimit: true },
  route('POST', '/v1/dossiers/{dossierCode}/payments', 'createPayment', [SCOPES.process]),
  route('GET', '/v1/dossiers/{dossierCode}/payments', 'listPayments', [SCOPES.read]),
  { method: 'POST', path: '/v1/payments/callback', function: 'paymentCallback', auth: 'public', scopes: [] },
  route('GET', '/v1/dossiers/{dossierCode}/notifications', 'listNotifications', [SCOPES.read]),
];

/**
 * The scopes the gateway's authorizer accepts on every token route (AWS: each method's
 * `authorizationScopes`; locally: infra/local/http-server.ts): any motcua scope, since a Cognito
 * authorizer passes a token that holds any one of a method's scopes and answers the others with
 * its own 401. The gateway authenticates; the route's own `scopes` are checked by the shared
 * HTTP runtime (shared/runtime/route-access.ts), so both realizations answer a missing scope
 * with the same 403 from the same code.
 */
export const GATEWAY_SCOPES: readonly Scope[] = ALL_SCOPES;

/** The route API Gateway invoked a function for: its method and resource template. */
export const routeFor = (method: string, resource: string): RouteSpec | undefined =>
  ROUTES.find((route) => route.method === method && route.path === resource);
