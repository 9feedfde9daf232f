/**
 * Typed domain errors. The HTTP adapter maps each kind to one problem+json status; a raw error
 * never reaches a client.
 */
export type FieldError = { path: string; message: string };

export class DomainError extends Error {
  readonly kind: 'validation' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'business-rule';
  readonly errors: FieldError[];
  readonly extensions: Record<string, unknown>;
  /** A more precise problem type than the kind's, e.g. `idempotency-key-reused`. */
  readonly slug: string | undefined;
  constructor(
    kind: DomainError['kind'],
    message: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; slug?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.errors = options.errors ?? [];
    this.extensions = options.extensions ?? {};
    this.slug = options.slug;
  }
}

/** 400: the request is malformed or violates the schema. */
export const validationError = (message: string, errors: FieldError[] = []) =>
  new DomainError('validation', message, { errors });
/** 403: the client's scopes or profile do not allow this. */
export const forbidden = (message: string) => new DomainError('forbidden', message);
/** 404: no such resource, or one the client may not see. */
export const notFound = (message: string) => new DomainError('not-found', message);
/** 409: not allowed in the current state, or a version conflict. */
export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, { extensions });
/** 422: well-formed but against a business rule. */
export const businessRule = (message: string, errors: FieldError[] = []) =>
  new DomainError('business-rule', message, { errors });
