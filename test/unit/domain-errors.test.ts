import { describe, expect, it } from 'vitest';
import {
  businessRule,
  conflict,
  DomainError,
  forbidden,
  notFound,
  validationError,
} from '#shared/domain/errors.ts';
import { STATUS_CODES } from '#shared/domain/status.ts';

describe('domain errors', () => {
  it('each carry the kind the HTTP adapter maps to one status, with no field errors unless given', () => {
    const errors = [validationError('v'), forbidden('f'), notFound('n'), conflict('c'), businessRule('b')];
    expect(errors.map((e) => [e.kind, e.message, e.errors, e.extensions])).toEqual([
      ['validation', 'v', [], {}],
      ['forbidden', 'f', [], {}],
      ['not-found', 'n', [], {}],
      ['conflict', 'c', [], {}],
      ['business-rule', 'b', [], {}],
    ]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e.name).toBe('DomainError');
    }
  });

  it('keep the field errors and extensions they are given', () => {
    expect(validationError('v', [{ path: 'note', message: 'required' }]).errors).toEqual([
      { path: 'note', message: 'required' },
    ]);
    expect(businessRule('b', [{ path: 'centerId', message: 'no such center' }]).errors).toEqual([
      { path: 'centerId', message: 'no such center' },
    ]);
    expect(conflict('c', { version: 3 }).extensions).toEqual({ version: 3 });
  });
});

describe('statuses and channels as the national portal numbers them (domain.md)', () => {
  it('numbers the ten statuses 1–10', () => {
    expect(STATUS_CODES).toEqual({
      SUBMITTED: 1,
      RECEIVED: 2,
      NOT_RECEIVED: 3,
      IN_PROGRESS: 4,
      SUPPLEMENT_REQUESTED: 5,
      PAYMENT_REQUESTED: 6,
      WITHDRAWN: 7,
      STOPPED: 8,
      RESOLVED: 9,
      RETURNED: 10,
    });
  });
});
