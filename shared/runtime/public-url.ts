/**
 * The public base URL of the service, where the lookup page lives: MOTCUA_PUBLIC_BASE_URL when
 * set, else the address the request came in on (the gateway's domain and stage; locally
 * `http://127.0.0.1:$PORT`).
 */
import { PUBLIC_BASE_URL_ENV } from '#shared/config/runtime-names.ts';
import type { HttpRequest } from './http.ts';

export function publicBaseUrl(request: HttpRequest, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[PUBLIC_BASE_URL_ENV]?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  const context = request.event.requestContext;
  const host = context.domainName ?? request.headers.host ?? '127.0.0.1';
  // The stage prefix, if any: the path as received minus the path the route matched.
  const received = context.path ?? request.event.path;
  const prefix = received.endsWith(request.event.path)
    ? received.slice(0, received.length - request.event.path.length)
    : '';
  const scheme = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${scheme}://${host}${prefix}`;
}
