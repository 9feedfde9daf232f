import { Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CURSOR_KEY_ARN_ENV, type FunctionId } from '../topology.ts';
import type { MotcuaFunction } from './lambda-function.ts';

/** Length of the generated cursor key: 64 letters and digits, ≈ 380 bits. */
export const CURSOR_KEY_LENGTH = 64;

export type CursorKeyProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  key: IKey;
};

/**
 * The key that authenticates page cursors (HMAC-SHA256, see shared/domain/cursor.ts): a Secrets
 * Manager secret generated with the stack and readable only by the functions whose spec says
 * `usesCursorKey`. It never leaves the service, so nothing outside depends on its value.
 */
export class CursorKey extends Construct {
  /** The secret; undefined when no function pages with cursors. */
  readonly secret: Secret | undefined;

  constructor(scope: Construct, id: string, props: CursorKeyProps) {
    super(scope, id);
    const pagers = Object.values(props.functions).filter((fn) => fn.spec.usesCursorKey);
    if (pagers.length === 0) return;
    const secret = new Secret(this, 'Secret', {
      description: 'motcua: HMAC-SHA256 key of the page cursors (internal; never shared)',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: CURSOR_KEY_LENGTH, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The cursor key only authenticates page cursors, which live for one listing: operators rotate it ' +
        'by putting a new value (handlers re-read it within five minutes; cursors issued before answer ' +
        '400 and the client lists again from the start). A rotation Lambda would add no protection.',
    });
    for (const fn of pagers) {
      fn.lambda.addEnvironment(CURSOR_KEY_ARN_ENV, secret.secretArn);
      secret.grantRead(fn.lambda);
    }
    this.secret = secret;
  }
}
