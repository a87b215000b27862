import { causeChain, maskSecrets } from '@aoa-iam/core';

/**
 * Turns anything thrown into one readable line, with the chain of causes.
 * Stack traces only with AOA_IAM_DEBUG=1: users see the message, not our internals.
 */
export function describeError(error: unknown, env: NodeJS.ProcessEnv): string {
  const text = maskSecrets(causeChain(error, 8).join(': '));
  if (env.AOA_IAM_DEBUG === '1' && error instanceof Error && error.stack) {
    return `${text}\n${maskSecrets(error.stack)}`;
  }
  return text;
}
