import { registerSecrets } from '@aoa-iam/core';
import type { Command, CommandContext } from './command.js';
import { EXIT_OK, EXIT_UNUSABLE, UsageError } from './command.js';
import { commands } from './commands/index.js';
import { describeError } from './describe-error.js';

const OVERVIEW = `aoa-iam: one role catalogue for an Argo CD App of Apps.

Usage: aoa-iam <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

Run "aoa-iam <command> --help" for a command's options.
`;

/** Environment variables whose values are masked in everything the CLI prints (invariant 6). */
const SECRET_VARIABLES = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'AWS_WEB_IDENTITY_TOKEN',
];

/** Runs the CLI with `context.argv` = everything after `aoa-iam`; returns the exit code. */
export async function main(context: CommandContext): Promise<number> {
  registerSecrets(SECRET_VARIABLES.map((name) => context.env[name]));
  const [name, ...rest] = context.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(OVERVIEW);
    return name === undefined ? EXIT_UNUSABLE : EXIT_OK;
  }

  const command = commands.find((candidate: Command) => candidate.name === name);
  if (!command) {
    context.stderr.write(`aoa-iam: unknown command "${name}". Commands: ${commandNames()}.\n`);
    return EXIT_UNUSABLE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(command.usage);
    return EXIT_OK;
  }

  try {
    return await command.run({ ...context, argv: rest });
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`aoa-iam ${name}: ${error.message}\nSee "aoa-iam ${name} --help".\n`);
      return EXIT_UNUSABLE;
    }
    context.stderr.write(`aoa-iam ${name}: ${describeError(error, context.env)}\n`);
    return EXIT_UNUSABLE;
  }
}

function commandNames(): string {
  return commands.map((command) => command.name).join(', ');
}
