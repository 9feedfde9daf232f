import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { CURSOR_KEY_ARN_ENV, CURSOR_KEY_ENV } from '#infra/topology.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';

/**
 * The key that authenticates page cursors: from Secrets Manager in AWS (cached five minutes, so
 * a rotated key takes effect without a deploy; cursors issued under the old key then answer
 * 400 and the client starts over), or from the environment in local mode.
 */
export async function cursorKey(): Promise<string> {
  const arn = process.env[CURSOR_KEY_ARN_ENV];
  if (arn) {
    const secret = await getSecret(arn, { maxAge: 300 });
    if (typeof secret !== 'string' || secret.length === 0) throw new Error('cursor key is empty');
    return secret;
  }
  const local = process.env[CURSOR_KEY_ENV];
  if (!local) throw new Error(`set ${CURSOR_KEY_ENV} (or ${CURSOR_KEY_ARN_ENV}) to issue page cursors`);
  return local;
}

/** The cursor codec under the current key. */
export const cursorCodec = async (): Promise<CursorCodec> => new CursorCodec(await cursorKey());
