import type { Command } from '../command.js';

/** Every subcommand, in the order `aoa-iam --help` lists them. */
export const commands: readonly Command[] = [];
