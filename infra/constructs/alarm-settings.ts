import type { Node } from 'constructs';

/** The address that receives alarm notifications (an SNS e-mail subscription; unset: none). */
export const ALARM_EMAIL_CONTEXT = 'motcua:alarmEmail';

// One address, as SNS takes it; a list belongs on a mailing list, not in the stack.
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The `motcua:alarmEmail` context value, checked at synthesis. Unset or empty: undefined. */
export function parseAlarmEmail(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) {
    throw new Error(
      `context ${ALARM_EMAIL_CONTEXT}: must be one e-mail address (got ${JSON.stringify(value)})`,
    );
  }
  return value.trim();
}

export const alarmEmail = (node: Node): string | undefined =>
  parseAlarmEmail(node.tryGetContext(ALARM_EMAIL_CONTEXT));
