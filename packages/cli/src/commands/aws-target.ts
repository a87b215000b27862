import path from 'node:path';
import { type EnvironmentTarget, type Logger, loadEnvironmentTarget } from '@aoa-iam/aws';
import { formatPosition, MASK, maskSecrets, readBoundedFile } from '@aoa-iam/core';
import type { CommandContext } from '../command.js';
import { UsageError } from '../command.js';
import { describeError } from '../describe-error.js';

/** Flags every AWS command shares, in node:util parseArgs' shape. */
export const AWS_FLAGS = {
  environment: { type: 'string' },
  endpoint: { type: 'string' },
  catalogue: { type: 'string' },
  now: { type: 'string' },
  revision: { type: 'string' },
  'request-timeout': { type: 'string' },
} as const;

/** Help text for {@link AWS_FLAGS}. */
export const AWS_FLAGS_USAGE = `  --environment E        the environment (= one AWS account) to work on; required
  --catalogue PATH       root catalogue file (default: aoa-iam.yaml)
  --endpoint URL         IAM/STS/CloudTrail endpoint, e.g. an emulator on 127.0.0.1
                         (default: AWS's own, with the SDK's default credential chain)
  --now ISO              the clock expiry is judged against (default: now); revocations
                         always follow the real clock
  --revision REV         catalogue revision written to the revision tag (default: file digest)
  --request-timeout MS   give up on one AWS answer after MS milliseconds (default 30000)
`;

/** The shared flag values after parsing. */
export interface AwsFlagValues {
  environment?: string;
  endpoint?: string;
  catalogue?: string;
  now?: string;
  revision?: string;
  'request-timeout'?: string;
}

/** What an AWS command runs against, or undefined after the catalogue's findings were printed. */
export interface AwsCommandSetup {
  target: EnvironmentTarget;
  now: Date;
  /** The real time (never --now): revocations are made and held against it. */
  clock: Date;
  connection: { endpoint?: string; requestTimeoutMs?: number };
  logger: Logger;
  /** Masks secret shapes and the exact credential values of this process's environment. */
  mask: (text: string) => string;
}

/** Environment variables whose values are credentials or tokens, masked wherever they appear. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'GITHUB_TOKEN',
];

/**
 * A masker for this process: the secret shapes of maskSecrets, and the exact
 * values of the credential variables, so a credential that has no known shape
 * still never reaches output (invariant 6).
 */
export function credentialMask(env: NodeJS.ProcessEnv): (text: string) => string {
  const values = CREDENTIAL_VARIABLES.map((name) => env[name])
    .filter((value): value is string => value !== undefined && value.length >= 8)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = text;
    for (const value of values) masked = masked.replaceAll(value, MASK);
    return maskSecrets(masked);
  };
}

/**
 * Runs a command body; any error leaves it with its whole cause chain flattened
 * into one masked message, so the CLI frame cannot print a credential an AWS
 * answer echoed back.
 */
export async function withMaskedErrors(
  env: NodeJS.ProcessEnv,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new Error(credentialMask(env)(describeError(error, {})));
  }
}

/**
 * Validates the shared flags, loads and compiles the catalogue and picks the
 * environment. Prints the findings that make the catalogue unusable and
 * returns undefined (the command then exits 2).
 */
export async function setUpAwsCommand(
  name: string,
  values: AwsFlagValues,
  context: CommandContext,
): Promise<AwsCommandSetup | undefined> {
  if (!values.environment) throw new UsageError('--environment is required');
  const now = parseInstant('--now', values.now) ?? context.now;
  const timeout = values['request-timeout'];
  if (timeout !== undefined && !/^[1-9][0-9]*$/.test(timeout)) {
    throw new UsageError(
      `--request-timeout must be a whole number of milliseconds, not "${timeout}"`,
    );
  }
  if (values.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(values.endpoint)) {
    throw new UsageError(
      `--endpoint must be a URL such as http://127.0.0.1:4566, not "${values.endpoint}"`,
    );
  }
  // Loaded by the name the user gave, so findings name it that way (as validate does).
  const { target, findings } = await loadEnvironmentTarget({
    catalogueFile: values.catalogue ?? 'aoa-iam.yaml',
    environment: values.environment,
    now,
    revision: values.revision,
    readFile: (file) => readBoundedFile(path.resolve(context.cwd, file)),
  });
  const mask = credentialMask(context.env);
  for (const finding of findings) {
    if (finding.severity !== 'error' || finding.suppressed) continue;
    const where = finding.position ? `${formatPosition(finding.position)}: ` : '';
    context.stderr.write(
      mask(`${where}error ${finding.rule}: ${finding.message}\n  fix: ${finding.fix}\n`),
    );
  }
  if (!target) {
    context.stderr.write(
      `aoa-iam ${name}: the catalogue cannot be used; nothing was read or changed.\n`,
    );
    return undefined;
  }
  return {
    target,
    now,
    clock: context.now,
    connection: {
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      ...(timeout ? { requestTimeoutMs: Number(timeout) } : {}),
    },
    logger: stderrLogger(name, context, mask),
    mask,
  };
}

/** Parses an ISO 8601 instant flag, or throws a UsageError naming it. */
export function parseInstant(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) {
    throw new UsageError(
      `${flag} must be an ISO 8601 instant such as 2026-12-04T12:00:00Z, not "${value}"`,
    );
  }
  return instant;
}

/** Parses a positive whole number flag. */
export function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new UsageError(`${flag} must be a whole number above 0, not "${value}"`);
  return Number(value);
}

/** Logs to stderr with the command's name, masked; debug only with AOA_IAM_DEBUG=1. */
function stderrLogger(
  name: string,
  context: CommandContext,
  mask: (text: string) => string,
): Logger {
  const write = (text: string) => context.stderr.write(`${mask(text)}\n`);
  return {
    info: (message) => write(`${name}: ${message}`),
    warn: (message) => write(`${name}: warning: ${message}`),
    debug: (message) => {
      if (context.env.AOA_IAM_DEBUG === '1') write(`${name}: debug: ${message}`);
    },
    progress: (done, total, item) => write(`${name}: ${done}/${total} ${item}`),
  };
}
