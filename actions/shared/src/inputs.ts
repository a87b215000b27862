import * as core from '@actions/core';

/**
 * An input that breaks its rule. The message names the input, the rule and the
 * value, so the workflow author can fix the `with:` block without reading code.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** Options shared by every input reader. */
export interface InputRule<T> {
  /** Used when the input is empty; omit to make the input required. */
  default?: T;
}

function raw(name: string): string {
  // core.getInput reads INPUT_<NAME> with spaces as underscores and trims the value.
  return core.getInput(name);
}

function missing(name: string): InputError {
  return new InputError(`Input "${name}" is required and was empty; set it under "with:".`);
}

/** A non-empty string input. */
export function stringInput(name: string, rule: InputRule<string> = {}): string {
  const value = raw(name);
  if (value !== '') return value;
  if (rule.default !== undefined) return rule.default;
  throw missing(name);
}

/** An optional string input: `undefined` when empty. */
export function optionalInput(name: string): string | undefined {
  const value = raw(name);
  return value === '' ? undefined : value;
}

/** `true` or `false`, as YAML 1.2 core schema spells them (what actions/toolkit accepts). */
export function booleanInput(name: string, rule: InputRule<boolean> = {}): boolean {
  const value = raw(name);
  if (value === '') {
    if (rule.default !== undefined) return rule.default;
    throw missing(name);
  }
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`Input "${name}" must be true or false; got "${value}".`);
}

/** One of a fixed list of words. */
export function choiceInput<const T extends string>(
  name: string,
  choices: readonly T[],
  rule: InputRule<T> = {},
): T {
  const value = raw(name);
  if (value === '') {
    if (rule.default !== undefined) return rule.default;
    throw missing(name);
  }
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Input "${name}" must be one of ${choices.join(', ')}; got "${value}".`);
}

/** A whole number within `[min, max]`. */
export function integerInput(
  name: string,
  limits: { min: number; max: number },
  rule: InputRule<number> = {},
): number {
  const value = raw(name);
  if (value === '') {
    if (rule.default !== undefined) return rule.default;
    throw missing(name);
  }
  const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < limits.min || parsed > limits.max) {
    throw new InputError(
      `Input "${name}" must be a whole number from ${limits.min} to ${limits.max}; got "${value}".`,
    );
  }
  return parsed;
}

/** An ISO 8601 instant such as `2026-12-04T12:00:00Z`; `undefined` when empty. */
export function instantInput(name: string): Date | undefined {
  const value = raw(name);
  if (value === '') return undefined;
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed.getTime())) {
    throw new InputError(
      `Input "${name}" must be an ISO 8601 instant such as 2026-12-04T12:00:00Z; got "${value}".`,
    );
  }
  return parsed;
}

/** A path inside the workspace: relative, no `..` escaping it. */
export function workspacePathInput(name: string, rule: InputRule<string> = {}): string {
  const value = stringInput(name, rule);
  const segments = value.split(/[\\/]+/);
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || segments.includes('..')) {
    throw new InputError(
      `Input "${name}" must be a path relative to the workspace without ".."; got "${value}".`,
    );
  }
  return value;
}

/**
 * The one catalogue environment (one AWS account) a job works on. A list is
 * refused: one job holds one account's credentials, and `verb` names what the
 * job does ("apply", "audit") in the message pointing to a job matrix.
 */
export function environmentInput(verb: string): string {
  const environment = stringInput('environment');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(environment)) {
    throw new InputError(
      `Input "environment" must name one catalogue environment (lower-case letters, digits, "-"); ` +
        `got "${environment}". Use a job matrix to ${verb} several environments.`,
    );
  }
  return environment;
}

/** An http(s) endpoint URL for AWS-compatible services; `undefined` when empty (AWS itself). */
export function endpointInput(name = 'endpoint'): string | undefined {
  const endpoint = optionalInput(name);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new InputError(`Input "${name}" must be an http(s) URL; got "${endpoint}".`);
  }
  return endpoint;
}
