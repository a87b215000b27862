import * as core from '@actions/core';
import { maskSecrets } from '@aoa-iam/core';
import { InputError } from './inputs.js';

/**
 * Runs an action's `run()` the way every aoa-iam action ends: an input mistake
 * or any failure becomes one masked `::error::` and exit code 1; the cause
 * chain is kept in the message so nothing is lost.
 */
export async function actionMain(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    core.setFailed(maskSecrets(describeFailure(error)));
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': caused by: ');
}
