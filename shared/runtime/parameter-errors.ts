/**
 * Field errors of query and path parameters. Each names its parameter (`limit`, `month`, …), as
 * body errors name their field: an issue about the whole query (zod's unknown keys of a strict
 * object) would otherwise have an empty path. An unknown parameter is named itself.
 */
import type { $ZodError } from 'zod/v4/core';
import type { FieldError } from '#shared/domain/errors.ts';

export function parameterErrors(error: $ZodError, name?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [name, ...issue.path.map(String), key].filter(Boolean).join('.'),
        message: 'not a parameter of this route',
      }));
    }
    const path = [name, ...issue.path.map(String)].filter(Boolean).join('.');
    return [{ path: path || '(query)', message: issue.message }];
  });
}
