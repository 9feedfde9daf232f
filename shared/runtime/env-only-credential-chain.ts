/**
 * Stands in for `@aws-sdk/credential-provider-node`, the SDK's default credential chain, in the
 * Lambda bundles: MotcuaFunction aliases that package to this module. Every SDK client imports
 * the chain statically, even one given `credentials`, so esbuild keeps its other providers (SSO,
 * INI files, process, web identity, container and instance metadata, with their STS and SSO
 * clients: ≈ 90 KB) in every bundle. Lambda puts the function's credentials in the environment,
 * which is the first link of that chain and the one it stops at there; the clients of
 * shared/adapters ask for it explicitly (`credentials: fromEnv()`), and any client built without
 * `credentials` (a library's own) falls back to this same provider.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
