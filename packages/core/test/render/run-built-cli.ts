import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
/** The shared corpus of real manifests and policies, beside the repository. */
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
/** True when the corpus is there; tests that need it say so when they skip. */
export const HAS_CORPUS = existsSync(CORPUS);

/** What one run of the built CLI produced. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node packages/cli/dist/bin.js …` as a user would, with stdin from `input` (or closed). */
export function runBuiltCli(args: string[], input?: string): CliRun {
  const result = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'packages/cli/dist/bin.js'), ...args],
    {
      cwd: REPO_ROOT,
      input: input ?? '',
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    },
  );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The first of kustomize or kubectl on PATH that can build a kustomization, or undefined. */
export function kustomizeCommand(): string[] | undefined {
  for (const command of [
    ['kustomize', 'build'],
    ['kubectl', 'kustomize'],
  ]) {
    const probe = spawnSync(command[0]!, ['version'], { encoding: 'utf8' });
    if (!probe.error) return command;
  }
  return undefined;
}

/**
 * Checks that `output` is `input` with only role annotations added: walking
 * both line by line, every line of the input comes out unchanged and in order,
 * and each extra line is `annotations:` or a role-arn annotation. Returns the added lines.
 */
export function addedLines(input: string, output: string): string[] {
  const before = input.split('\n');
  const after = output.split('\n');
  const added: string[] = [];
  let at = 0;
  for (const line of after) {
    if (at < before.length && line === before[at]) {
      at += 1;
      continue;
    }
    if (
      !/^\s*(?:annotations:|eks\.amazonaws\.com\/role-arn: arn:aws:iam::\d{12}:role\/\S+)$/.test(
        line,
      )
    ) {
      throw new Error(
        `unexpected line ${JSON.stringify(line)} where the input has ${JSON.stringify(before[at])}`,
      );
    }
    added.push(line.trim());
  }
  if (at !== before.length) throw new Error(`input line ${at + 1} is missing from the output`);
  return added;
}
