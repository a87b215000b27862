import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root, from this file's place in it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The workflow token the tests hand the actions; the GitHub API server maps it to the bot. */
export const TEST_TOKEN = 'ghs_TestWorkflowToken0000000000000000000';

/** How a test runs an action. */
export interface ActionRun {
  /** `with:` inputs; those left out get action.yml's defaults, as the runner does. */
  inputs?: Record<string, string>;
  event?: { name: string; payload: unknown };
  /** Extra environment (AWS credentials, GITHUB_API_URL). */
  env?: Record<string, string>;
  /** The workspace the job checked out; the action runs there. */
  workspace: string;
}

/** What the runner would have seen. */
export interface ActionResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout lines that are workflow commands (`::error …`, `::notice …`). */
  commands: string[];
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs `actions/<name>/dist/index.js` with Node exactly as the runner does:
 * INPUT_* variables (defaults from action.yml, `${{ github.token }}` as the test
 * token), GITHUB_EVENT_PATH with the payload, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, and nothing of this process's own environment but
 * PATH and HOME.
 */
export async function runAction(name: string, run: ActionRun): Promise<ActionResult> {
  const actionDir = path.join(REPO_ROOT, 'actions', name);
  const metadata = parse(await readFile(path.join(actionDir, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
  };
  const temp = await mkdtemp(path.join(tmpdir(), `aoa-iam-${name}-`));
  const files = {
    event: path.join(temp, 'event.json'),
    output: path.join(temp, 'output'),
    summary: path.join(temp, 'summary.md'),
  };
  await writeFile(files.event, JSON.stringify(run.event?.payload ?? {}));
  await writeFile(files.output, '');
  await writeFile(files.summary, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_EVENT_NAME: run.event?.name ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: 'example-org/platform',
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '4242',
    // The commit the job checked out (for a pull request, its merge commit).
    GITHUB_SHA: 'c0ffee0000000000000000000000000000000001',
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: temp,
  };
  for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
    const value = run.inputs?.[input] ?? String(spec.default ?? '');
    env[`INPUT_${input.replaceAll(' ', '_').toUpperCase()}`] =
      value === '${{ github.token }}' ? TEST_TOKEN : value;
  }
  Object.assign(env, run.env);

  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(actionDir, 'dist', 'index.js')],
      { cwd: run.workspace, env, maxBuffer: 256 * 1024 * 1024 },
      (error, out, err) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ exitCode: code, stdout: out, stderr: err });
      },
    );
  });

  return {
    exitCode,
    stdout,
    stderr,
    commands: stdout.split('\n').filter((line) => line.startsWith('::')),
    outputs: parseOutputs(await readFile(files.output, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
  };
}

/** Parses the GITHUB_OUTPUT file format: `name<<DELIMITER`, value lines, `DELIMITER`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = lines[i]?.match(/^([^<]+)<<(.+)$/);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i] ?? '');
    outputs[name!] = value.join('\n');
  }
  return outputs;
}
