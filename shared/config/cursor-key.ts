import { CURSOR_KEY_ARN_ENV, CURSOR_KEY_ENV } from '#shared/config/runtime-names.ts';
import { CursorCodec } from '#shared/domain/cursor.ts';
import { deploymentSecret } from './secret.ts';

/**
 * The key that authenticates page cursors. A new value takes effect within five minutes;
 * cursors issued under the old key then answer 400 and the client starts over.
 */
export const cursorKey = (): Promise<string> =>
  deploymentSecret(CURSOR_KEY_ARN_ENV, CURSOR_KEY_ENV, 'issue page cursors');

/** The cursor codec under the current key. */
export const cursorCodec = async (): Promise<CursorCodec> => new CursorCodec(await cursorKey());
