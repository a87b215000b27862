import { maskSecrets } from '@aoa-iam/core';

/**
 * Turns anything thrown into one readable line, with the chain of causes.
 * Stack traces only with AOA_IAM_DEBUG=1: users see the message, not our internals.
 */
export function describeError(error: unknown, env: NodeJS.ProcessEnv): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length < 8) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  const text = maskSecrets(parts.join(': '));
  if (env.AOA_IAM_DEBUG === '1' && error instanceof Error && error.stack) {
    return `${text}\n${maskSecrets(error.stack)}`;
  }
  return text;
}
