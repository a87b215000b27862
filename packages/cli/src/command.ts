import type { Readable, Writable } from 'node:stream';

/** Exit codes every command shares, so scripts can tell outcomes apart. */
export const EXIT_OK = 0;
/** Findings that block (validate, audit `--fail-on`) or changes pending (plan). */
export const EXIT_FINDINGS = 1;
/** Input aoa-iam cannot use: bad flags, unreadable or malformed files. */
export const EXIT_UNUSABLE = 2;

/** What a command may touch. Tests pass their own streams, clock and environment. */
export interface CommandContext {
  /** Arguments after the command name. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  /** Results a machine may read: reports, manifests. */
  stdout: Writable;
  /** Progress, warnings and errors for the person at the terminal. */
  stderr: Writable;
  /** The clock; `--now` overrides it for reproducible runs. */
  now: Date;
}

/** One `aoa-iam <name>` subcommand. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text shown by `aoa-iam <name> --help`. */
  usage: string;
  /** Runs the command and returns its exit code. */
  run(context: CommandContext): Promise<number>;
}

/**
 * A usage mistake: bad flag, missing argument. The CLI prints the message and a
 * pointer to `--help`, and exits with {@link EXIT_UNUSABLE}.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
