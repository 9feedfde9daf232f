import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { fromEnv } from '@aws-sdk/credential-provider-env';

// Built on first use, as getSecret's own provider is, but with the environment's credentials
// like every client of the functions (shared/runtime/env-only-credential-chain.ts).
let secrets: SecretsProvider | undefined;

/**
 * A secret of the deployment: from Secrets Manager in AWS, where `arnEnv` names it (cached five
 * minutes, so a new value takes effect without a deploy), or the value of `valueEnv` in local
 * mode. `purpose` says what it is for in the error when neither is set.
 */
export async function deploymentSecret(arnEnv: string, valueEnv: string, purpose: string): Promise<string> {
  const arn = process.env[arnEnv];
  if (arn) {
    secrets ??= new SecretsProvider({ clientConfig: { credentials: fromEnv() } });
    const secret = await secrets.get(arn, { maxAge: 300 });
    if (typeof secret !== 'string' || secret.length === 0)
      throw new Error(`the secret to ${purpose} is empty`);
    return secret;
  }
  const local = process.env[valueEnv];
  if (!local) throw new Error(`set ${valueEnv} (or ${arnEnv}) to ${purpose}`);
  return local;
}
