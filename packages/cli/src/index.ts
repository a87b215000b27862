export type { Command, CommandContext } from './command.js';
export { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from './command.js';
export { main } from './main.js';
