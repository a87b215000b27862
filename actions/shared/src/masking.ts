import * as core from '@actions/core';
import { maskSecrets, registerSecrets as registerWithEngine } from '@aoa-iam/core';

/**
 * Environment variables that hold credentials on a runner: AWS keys as
 * aws-actions/configure-aws-credentials exports them, and the runner's tokens.
 */
export const SECRET_ENV_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_TOKEN',
] as const;

/**
 * Registers every credential in the environment, and `extra` values (a token
 * input), twice: with the runner's log masking (`::add-mask::`, consumed by the
 * runner, never shown), and with the engine's maskSecrets, which then hides each
 * value and its base64 forms (how actions/checkout writes a token into
 * .git/config) in everything the action writes: summary, comment, files, outputs.
 * Call it first, before anything is read or printed.
 */
export function registerSecrets(env: NodeJS.ProcessEnv, extra: readonly string[] = []): void {
  const values = [...SECRET_ENV_VARIABLES.map((name) => env[name]), ...extra].filter(
    (value): value is string => value !== undefined && value.trim() !== '',
  );
  for (const value of values) core.setSecret(value);
  registerWithEngine(values);
}

/** Logs a milestone, masked. */
export function info(message: string): void {
  core.info(maskSecrets(message));
}

/** Logs something the user should act on, masked. */
export function warn(message: string): void {
  core.warning(maskSecrets(message));
}

/** Sets step outputs, masked; numbers and booleans are written as text. */
export function setOutputs(outputs: Record<string, string | number | boolean>): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, maskSecrets(String(value)));
  }
}

/** Fails the step with one `::error::`, masked; the process exits 1 when the action ends. */
export function fail(message: string): void {
  core.setFailed(maskSecrets(message));
}
