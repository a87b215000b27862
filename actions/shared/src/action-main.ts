import * as core from '@actions/core';
import { causeChain, maskSecrets } from '@aoa-iam/core';
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
  return causeChain(error, 5).join(': caused by: ');
}
