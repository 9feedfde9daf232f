/**
 * zod/mini, as every schema that ends up in a function bundle is written (docs/architecture.md
 * §15): classic zod is ≈ 60 KB more per bundle and the larger part of a cold import. Import it as
 * a namespace (`import * as z from './zod.ts'`) so esbuild keeps only the builders used.
 *
 * zod/mini carries no messages of its own (every issue would read "Invalid input"): English is
 * set here, the same messages classic zod gives, so problem details name what is wrong as before.
 */
import { config, globalRegistry, type ZodMiniType } from 'zod/mini';
import type { GlobalMeta } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * Classic zod's `.meta(metadata)`: a clone of the schema carrying the metadata, the original left
 * as it was (`.register` would change the instance every other use of the schema shares). The
 * clone keeps its original as parent, as classic's does, so the OpenAPI document reads the same.
 */
export function withMeta<S extends ZodMiniType>(schema: S, metadata: GlobalMeta): S {
  const copy = schema.clone();
  // Widened: the registry's metadata type resolves only for a known schema type.
  globalRegistry.add(copy as ZodMiniType, metadata);
  return copy;
}
