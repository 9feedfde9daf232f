/**
 * Problem details (RFC 9457) for every error a client can get. One mapper turns typed domain
 * errors, and the few library errors we expect, into a problem response; anything else is a
 * 500 whose detail reveals nothing.
 */
import { DomainError, type FieldError } from '#shared/domain/errors.ts';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

const SLUGS: Record<DomainError['kind'], [number, string]> = {
  validation: [400, 'validation'],
  unauthorized: [401, 'unauthorized'],
  forbidden: [403, 'forbidden'],
  'not-found': [404, 'not-found'],
  conflict: [409, 'conflict'],
  'business-rule': [422, 'business-rule'],
};

export function problem(status: number, slug: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `urn:motcua:problem:${slug}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

export function problemFromDomainError(error: DomainError): Problem {
  const [status, slug] = SLUGS[error.kind];
  return problem(status, error.slug ?? slug, error.message, {
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    ...error.extensions,
  });
}

export { DomainError };
