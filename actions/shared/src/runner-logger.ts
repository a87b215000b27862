import * as core from '@actions/core';
import { maskSecrets } from '@aoa-iam/core';

/**
 * The engine's Logger shape (info, warn, debug, progress), written to the
 * runner's log. Everything is masked; warnings become `::warning::` so the user
 * sees them on the run page; progress is logged every tenth of the way.
 */
export interface RunnerLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  progress(done: number, total: number, item: string): void;
}

/** A {@link RunnerLogger} for an action's engine calls. */
export function runnerLogger(): RunnerLogger {
  let lastTenth = -1;
  return {
    info: (message) => core.info(maskSecrets(message)),
    warn: (message) => core.warning(maskSecrets(message)),
    debug: (message) => core.debug(maskSecrets(message)),
    progress(done, total, item) {
      const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
      if (tenth === lastTenth && done !== total) return;
      lastTenth = tenth;
      core.info(maskSecrets(`${done}/${total} ${item}`));
    },
  };
}
